using DiffusionBot.Chat.Storage;

namespace DiffusionBot.Chat.Tests.Storage;

public sealed class FairQueueTests
{
    [Fact]
    public void Order_PutsALaterUserBeforeTheFirstUsersSecondJob()
    {
        var waiting = Enumerable.Range(1, 8).Select(i => new FairQueue.Waiting($"a{i}", "A")).Append(new FairQueue.Waiting("b1", "B")).ToList();

        var order = FairQueue.Order(waiting, new Dictionary<string, long>());

        Assert.Equal(["a1", "b1", "a2", "a3"], order.Take(4));
    }

    [Fact]
    public void Order_ServesTheUserServedLongestAgoFirst()
    {
        var waiting = new List<FairQueue.Waiting> { new("a2", "A"), new("b1", "B"), new("a3", "A"), new("c1", "C") };

        var order = FairQueue.Order(waiting, new Dictionary<string, long> { ["A"] = 100, ["B"] = 200 });

        Assert.Equal(["c1", "a2", "b1", "a3"], order);
    }

    [Fact]
    public void Order_KeepsArrivalOrder_ForOneUser()
    {
        var waiting = new List<FairQueue.Waiting> { new("x", "A"), new("y", "A"), new("z", "A") };

        Assert.Equal(["x", "y", "z"], FairQueue.Order(waiting, new Dictionary<string, long>()));
    }
}

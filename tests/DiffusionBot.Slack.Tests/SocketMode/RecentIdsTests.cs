using DiffusionBot.Slack.SocketMode;

namespace DiffusionBot.Slack.Tests.SocketMode;

public sealed class RecentIdsTests
{
    [Fact]
    public void TryAdd_IsFalse_ForAnIdAlreadySeen()
    {
        var ids = new RecentIds(4);

        Assert.True(ids.TryAdd("Ev1"));
        Assert.False(ids.TryAdd("Ev1"));
    }

    [Fact]
    public void TryAdd_ForgetsTheOldest_WhenTheCapacityIsReached()
    {
        var ids = new RecentIds(3);

        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            ids.TryAdd(id);
        }

        Assert.Equal(3, ids.Count);
        Assert.False(ids.Contains("a"));
        Assert.True(ids.Contains("d"));
    }
}

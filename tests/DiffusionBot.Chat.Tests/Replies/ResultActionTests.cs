using DiffusionBot.Chat.Replies;

namespace DiffusionBot.Chat.Tests.Replies;

public sealed class ResultActionTests
{
    [Fact]
    public void ForGrid_ListsUpscalesThenVariationsThenReroll_ForFourImages()
    {
        var actions = ResultAction.ForGrid(4);

        Assert.Equal(["U1", "U2", "U3", "U4", "V1", "V2", "V3", "V4", "🔁"], actions.Select(a => a.Label));
        Assert.Equal(new ResultAction(ResultActionKind.Vary, 2), actions[6]);
        Assert.Equal(new ResultAction(ResultActionKind.Reroll), actions[^1]);
    }

    [Fact]
    public void ForGrid_ListsOnlyReroll_ForNoImages() =>
        Assert.Equal([new ResultAction(ResultActionKind.Reroll)], ResultAction.ForGrid(0));

    [Fact]
    public void ForGrid_Throws_WhenTheCountIsNegative() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ResultAction.ForGrid(-1));
}

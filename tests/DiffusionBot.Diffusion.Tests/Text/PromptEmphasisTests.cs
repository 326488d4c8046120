using DiffusionBot.Diffusion.Text;

namespace DiffusionBot.Diffusion.Tests.Text;

public sealed class PromptEmphasisTests
{
    [Fact]
    public void Apply_ChangesNothing_WhenEveryWeightIsOne()
    {
        float[] hidden = [0.5f, -1f, 2f, 0.25f, 3f, -0.75f];
        var before = hidden.ToArray();

        PromptEmphasis.Apply(hidden, [1f, 1f, 1f]);

        Assert.Equal(before, hidden);
    }

    [Fact]
    public void Apply_ScalesTheWeightedRowAndRestoresTheMean()
    {
        // 3 positions × 2 values; the middle position weighs 2.
        float[] hidden = [1f, 1f, 1f, 1f, 1f, 1f];

        PromptEmphasis.Apply(hidden, [1f, 2f, 1f]);

        // Weighted: [1,1,2,2,1,1], sum 8; the original sum is 6, so everything is scaled by 6/8.
        Assert.Equal([0.75f, 0.75f, 1.5f, 1.5f, 0.75f, 0.75f], hidden);
        Assert.Equal(1.0, hidden.Average(), 6);
    }

    [Fact]
    public void Apply_KeepsTheWeightedStates_WhenTheirMeanIsZero()
    {
        float[] hidden = [1f, -1f, 0f, 0f];

        PromptEmphasis.Apply(hidden, [1.5f, 1f]);

        Assert.Equal([1.5f, -1.5f, 0f, 0f], hidden);
    }

    [Fact]
    public void Apply_Throws_WhenStatesDoNotSplitIntoThePositions()
    {
        Assert.Throws<ArgumentException>(() => PromptEmphasis.Apply(new float[5], [1f, 2f]));
    }
}

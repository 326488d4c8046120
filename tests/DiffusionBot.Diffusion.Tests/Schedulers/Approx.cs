namespace DiffusionBot.Diffusion.Tests.Schedulers;

/// <summary>Relative comparison at the 1e-4 the diffusers reference numbers are quoted to.</summary>
internal static class Approx
{
    public const double Relative = 1e-4;

    public static void Equal(double expected, double actual)
    {
        var tolerance = expected == 0 ? 1e-6 : Math.Abs(expected) * Relative;
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected}, got {actual}");
    }

    /// <summary>Checks the first values of <paramref name="actual"/> and, if given, its last ones and its length.</summary>
    public static void Sequence(IReadOnlyList<float> actual, double[] head, double[]? tail = null, int? count = null)
    {
        if (count is { } n)
        {
            Assert.Equal(n, actual.Count);
        }

        for (var i = 0; i < head.Length; i++)
        {
            Equal(head[i], actual[i]);
        }

        tail ??= [];
        for (var i = 0; i < tail.Length; i++)
        {
            Equal(tail[i], actual[actual.Count - tail.Length + i]);
        }
    }
}

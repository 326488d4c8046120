namespace DiffusionBot.Diffusion.Text;

/// <summary>
/// A1111's "Original" emphasis (<c>modules/sd_emphasis.py</c>): each position's hidden state is multiplied by its
/// token's weight, then the whole chunk is rescaled so its mean is what the encoder returned.
/// </summary>
/// <remarks>
/// Restoring the mean keeps a heavily weighted prompt from drifting off the scale the UNet was trained on, while
/// the weighted tokens still gain on the others. A weighted chunk whose mean is zero is left unscaled, where
/// A1111 would divide by zero.
/// </remarks>
public static class PromptEmphasis
{
    /// <param name="hiddenStates">One chunk's states, [weights.Length, hidden size], changed in place.</param>
    /// <param name="weights">One weight per position.</param>
    public static void Apply(Span<float> hiddenStates, ReadOnlySpan<float> weights)
    {
        if (weights.Length == 0 || hiddenStates.Length % weights.Length != 0)
        {
            throw new ArgumentException($"{hiddenStates.Length} hidden values do not split into {weights.Length} positions.", nameof(weights));
        }

        var hiddenSize = hiddenStates.Length / weights.Length;
        var originalSum = Sum(hiddenStates);
        for (var position = 0; position < weights.Length; position++)
        {
            var row = hiddenStates.Slice(position * hiddenSize, hiddenSize);
            var weight = weights[position];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] *= weight;
            }
        }

        var weightedSum = Sum(hiddenStates);
        if (weightedSum == 0 || !double.IsFinite(originalSum / weightedSum))
        {
            return;
        }

        var scale = (float)(originalSum / weightedSum);
        for (var i = 0; i < hiddenStates.Length; i++)
        {
            hiddenStates[i] *= scale;
        }
    }

    private static double Sum(ReadOnlySpan<float> values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum;
    }
}

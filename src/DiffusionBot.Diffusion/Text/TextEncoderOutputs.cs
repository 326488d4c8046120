using DiffusionBot.Diffusion.Models;

namespace DiffusionBot.Diffusion.Text;

/// <summary>Which outputs of a text encoder become the prompt's hidden states and pooled embedding.</summary>
public sealed record TextEncoderOutputs(string HiddenStates, string? Pooled)
{
    private const string LayerPrefix = "hidden_states.";

    /// <summary>SD 1.x/2.x: the final layer (after the final layer norm), no pooled embedding.</summary>
    public static TextEncoderOutputs LastHiddenState { get; } = new("last_hidden_state", null);

    /// <summary>
    /// diffusers' SDXL <c>hidden_states[-2]</c>: of the exported <c>hidden_states.0…N</c> (embeddings, then one per
    /// layer), <c>hidden_states.{N-1}</c>, with <paramref name="pooled"/> as the pooled output when given.
    /// </summary>
    public static TextEncoderOutputs Penultimate(OnnxModelPart part, string? pooled)
    {
        var last = -1;
        foreach (var name in part.Outputs.Keys)
        {
            if (name.StartsWith(LayerPrefix, StringComparison.Ordinal)
                && int.TryParse(name.AsSpan(LayerPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var layer))
            {
                last = Math.Max(last, layer);
            }
        }

        if (last < 1)
        {
            throw new ModelFolderException(part.Path,
                $"has no per-layer outputs hidden_states.0…N (it declares {string.Join(", ", part.Outputs.Keys)}); SDXL needs an export with output_hidden_states, as optimum-cli writes it.");
        }

        return new TextEncoderOutputs(LayerPrefix + (last - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), pooled);
    }
}

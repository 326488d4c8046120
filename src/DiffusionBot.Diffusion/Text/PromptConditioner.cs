using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Text;

/// <summary>
/// How a model family turns the prompt pair into what its UNet is conditioned on: the hidden states, and for SDXL
/// the pooled embedding and <c>time_ids</c>. The denoising loop is the same for every family; only this differs.
/// </summary>
public abstract class PromptConditioner
{
    /// <summary>The width of the hidden states the UNet's <c>encoder_hidden_states</c> receives.</summary>
    public abstract int HiddenSize { get; }

    /// <summary>Tokens per prompt.</summary>
    public abstract int SequenceLength { get; }

    /// <summary>
    /// Encodes the prompt and, when <paramref name="guided"/>, the negative prompt for an image of this size, in A1111's
    /// prompt syntax (weights, <c>BREAK</c>, chunks of 75 tokens); a UNet whose export fixes
    /// <paramref name="unetSequenceLength"/> gets that many tokens and the rest are counted as dropped.
    /// </summary>
    public abstract (EncodedPrompt Positive, EncodedPrompt? Negative) Encode(string prompt, string negativePrompt, bool guided, int width, int height, RunOptions runOptions, int? unetSequenceLength = null);
}

using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Text;

/// <summary>SD 1.x/2.x: one CLIP text encoder's last hidden states; the negative prompt is encoded like the prompt.</summary>
public sealed class ClipPromptConditioner(TextEncoder encoder) : PromptConditioner
{
    public override int HiddenSize => encoder.HiddenSize;

    public override int SequenceLength => encoder.SequenceLength;

    public override (EncodedPrompt Positive, EncodedPrompt? Negative) Encode(string prompt, string negativePrompt, bool guided, int width, int height, RunOptions runOptions, int? unetSequenceLength = null) =>
        PromptPairEncoder.Encode(encoder, prompt, guided ? negativePrompt : null, unetSequenceLength, runOptions);
}

using DiffusionBot.Diffusion.Models;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Text;

/// <summary>
/// SDXL's prompt embedding, as diffusers' <c>encode_prompt</c>: each encoder's penultimate hidden states,
/// concatenated per token (CLIP ViT-L's 768 then OpenCLIP bigG's 1280 = 2048; the refiner has only the second), the
/// pooled <c>text_embeds</c> of the second encoder, and <c>time_ids</c>. An empty negative prompt becomes zeros when
/// the pipeline's config says <c>force_zeros_for_empty_prompt</c>.
/// </summary>
public sealed class SdxlPromptConditioner : PromptConditioner
{
    private readonly TextEncoder? _first;
    private readonly TextEncoder _second;
    private readonly SdxlTimeIds _timeIds;
    private readonly bool _zeroEmptyNegative;

    public SdxlPromptConditioner(TextEncoder? first, TextEncoder second, SdxlTimeIds timeIds, bool forceZerosForEmptyPrompt)
    {
        _first = first;
        _second = second;
        _timeIds = timeIds;
        _zeroEmptyNegative = forceZerosForEmptyPrompt;
        HiddenSize = (first?.HiddenSize ?? 0) + second.HiddenSize;
    }

    public override int HiddenSize { get; }

    public override int SequenceLength => _second.SequenceLength;

    public SdxlTimeIds TimeIds => _timeIds;

    public bool ZeroesEmptyNegative => _zeroEmptyNegative;

    public override (EncodedPrompt Positive, EncodedPrompt? Negative) Encode(string prompt, string negativePrompt, bool guided, int width, int height, RunOptions runOptions, int? unetSequenceLength = null)
    {
        var zeroNegative = guided && _zeroEmptyNegative && string.IsNullOrEmpty(negativePrompt);
        var (second, secondNegative) = PromptPairEncoder.Encode(_second, prompt, guided && !zeroNegative ? negativePrompt : null, unetSequenceLength, runOptions);
        var positive = second;
        var negative = secondNegative;
        if (_first is not null)
        {
            var (first, firstNegative) = PromptPairEncoder.Encode(_first, prompt, guided && !zeroNegative ? negativePrompt : null, unetSequenceLength, runOptions);
            positive = Concatenate(first, second);
            negative = firstNegative is null ? null : Concatenate(firstNegative, secondNegative!);
        }

        positive = positive with { TimeIds = _timeIds.For(width, height, negative: false) };
        if (!guided)
        {
            return (positive, null);
        }

        negative ??= new EncodedPrompt(new float[positive.HiddenStates.Length], positive.SequenceLength, positive.HiddenSize, 0) { Pooled = new float[positive.Pooled!.Length] };
        return (positive, negative with { TimeIds = _timeIds.For(width, height, negative: true) });
    }

    /// <summary>Both encoders' states side by side per token (diffusers' <c>torch.concat(prompt_embeds_list, dim=-1)</c>).</summary>
    private static EncodedPrompt Concatenate(EncodedPrompt first, EncodedPrompt second)
    {
        if (first.SequenceLength != second.SequenceLength)
        {
            throw new InvalidOperationException($"The SDXL text encoders split the prompt into {first.SequenceLength} and {second.SequenceLength} tokens.");
        }

        var tokens = second.SequenceLength;
        var (a, b) = (first.HiddenSize, second.HiddenSize);
        var hidden = new float[tokens * (a + b)];
        for (var t = 0; t < tokens; t++)
        {
            first.HiddenStates.AsSpan(t * a, a).CopyTo(hidden.AsSpan(t * (a + b)));
            second.HiddenStates.AsSpan(t * b, b).CopyTo(hidden.AsSpan((t * (a + b)) + a));
        }

        return new EncodedPrompt(hidden, tokens, a + b, Math.Max(first.DroppedTokens, second.DroppedTokens)) { Pooled = second.Pooled };
    }
}

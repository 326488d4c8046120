namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// Which exporter's conventions a <see cref="TinyModelForge"/> model follows. The defaults are the
/// diffusers conversion script's fp32 SD1.x export.
/// </summary>
public sealed record TinyModelOptions
{
    /// <summary>The default <see cref="HiddenSize"/>.</summary>
    /// <remarks>Unlike the demo's 32 (and SD's 768 or 1024), so code that hard-codes a width fails.</remarks>
    public const int DefaultHiddenSize = 48;

    /// <summary>The default <see cref="NsfwThreshold"/>.</summary>
    /// <remarks>A mean pixel value in [0, 1] never exceeds 1, so by default nothing is flagged.</remarks>
    public const float DefaultNsfwThreshold = 1f;

    /// <summary>The default <see cref="Seed"/>.</summary>
    public const int DefaultSeed = 1234;

    /// <summary>The width of the LCM guidance embedding <c>timestep_cond</c>.</summary>
    public const int TimestepCondSize = 256;

    /// <summary>The width of an SDXL model's pooled <c>text_embeds</c> (1280 in the real model).</summary>
    public const int SdxlPooledSize = 24;

    /// <summary>How much wider an SDXL model's second text encoder is than <see cref="HiddenSize"/>.</summary>
    public const int SdxlSecondEncoderExtraWidth = 16;

    public TinyIdsType IdsType { get; init; } = TinyIdsType.Int32;

    /// <summary>The SDXL layout: <c>text_encoder_2</c> with <c>hidden_states.N</c> and <c>text_embeds</c>, a UNet with <c>text_embeds</c> and <c>time_ids</c>.</summary>
    public bool Sdxl { get; init; }

    public TinyTimestepType TimestepType { get; init; } = TinyTimestepType.Float;

    public TinyTimestepShape TimestepShape { get; init; } = TinyTimestepShape.Batch;

    public TinyFloatType FloatType { get; init; } = TinyFloatType.Float32;

    public TinyVaeEncoderOutput VaeEncoderOutput { get; init; } = TinyVaeEncoderOutput.LatentSample;

    /// <summary>Stores every initializer in <c>model.onnx_data</c> beside <c>model.onnx</c>, as Optimum does for large models.</summary>
    public bool ExternalWeights { get; init; }

    /// <summary>Adds <c>safety_checker/</c> and <c>feature_extractor/</c>.</summary>
    public bool SafetyChecker { get; init; }

    /// <summary>The safety checker flags an image whose mean pixel value (in [0, 1]) is above this.</summary>
    public float NsfwThreshold { get; init; } = DefaultNsfwThreshold;

    /// <summary>Gives the UNet the LCM input <c>timestep_cond</c> [B, 256].</summary>
    public bool LcmTimestepCond { get; init; }

    public int HiddenSize { get; init; } = DefaultHiddenSize;

    /// <summary>Pads with "!" (id 0) as SD2.x's OpenCLIP tokenizer does, instead of "&lt;|endoftext|&gt;".</summary>
    public bool OpenClipPad { get; init; }

    /// <summary>"epsilon" or "v_prediction", written to the scheduler config.</summary>
    public string PredictionType { get; init; } = "epsilon";

    /// <summary>Seeds the random weights; the same options always give the same bytes.</summary>
    public int Seed { get; init; } = DefaultSeed;
}

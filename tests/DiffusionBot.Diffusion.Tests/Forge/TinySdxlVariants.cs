using DiffusionBot.Diffusion.Forge;

namespace DiffusionBot.Diffusion.Tests.Forge;

/// <summary>Named SDXL <see cref="TinyModelOptions"/> covering the I/O conventions Optimum's SDXL exports come in.</summary>
internal static class TinySdxlVariants
{
    public static readonly IReadOnlyDictionary<string, TinyModelOptions> All = new Dictionary<string, TinyModelOptions>
    {
        // Optimum < 1.24: int32 ids (text_encoder), int64 timestep [B], an already-sampled VAE latent.
        ["sdxl-optimum-old"] = new() { Sdxl = true, IdsType = TinyIdsType.Int32, TimestepType = TinyTimestepType.Int64 },

        // Optimum ≥ 1.24: int64 ids, a scalar float timestep, mean ‖ logvar from the VAE encoder, external weights.
        ["sdxl-optimum-new"] = new()
        {
            Sdxl = true,
            IdsType = TinyIdsType.Int64,
            TimestepShape = TinyTimestepShape.Scalar,
            VaeEncoderOutput = TinyVaeEncoderOutput.LatentParameters,
            ExternalWeights = true,
        },

        // --dtype fp16: every float input and output in half precision, float timestep [B].
        ["sdxl-fp16"] = new() { Sdxl = true, IdsType = TinyIdsType.Int64, FloatType = TinyFloatType.Float16 },

        // fp16 with an fp16 scalar timestep.
        ["sdxl-fp16-scalar"] = new() { Sdxl = true, FloatType = TinyFloatType.Float16, TimestepType = TinyTimestepType.Float16, TimestepShape = TinyTimestepShape.Scalar },

        // LCM-SDXL: timestep_cond beside the added conditioning.
        ["sdxl-lcm"] = new() { Sdxl = true, IdsType = TinyIdsType.Int64, LcmTimestepCond = true },
    };

    public static TheoryData<string> Names => [.. All.Keys];
}

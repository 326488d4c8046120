using DiffusionBot.Diffusion.Forge;

namespace DiffusionBot.Diffusion.Tests.Forge;

/// <summary>Named <see cref="TinyModelOptions"/> that together use every option value at least once.</summary>
internal static class TinyModelVariants
{
    public static readonly IReadOnlyDictionary<string, TinyModelOptions> All = new Dictionary<string, TinyModelOptions>
    {
        ["diffusers-fp32"] = new(),
        ["diffusers-fp16"] = new() { FloatType = TinyFloatType.Float16, TimestepType = TinyTimestepType.Float16 },
        ["fp16-float-timestep"] = new() { FloatType = TinyFloatType.Float16 },
        ["legacy-int64-timestep"] = new() { TimestepType = TinyTimestepType.Int64 },
        ["optimum-old"] = new() { IdsType = TinyIdsType.Int64, TimestepType = TinyTimestepType.Int64, VaeEncoderOutput = TinyVaeEncoderOutput.LatentParameters },
        ["optimum-new"] = new()
        {
            IdsType = TinyIdsType.Int64,
            TimestepShape = TinyTimestepShape.Scalar,
            VaeEncoderOutput = TinyVaeEncoderOutput.LatentParameters,
            ExternalWeights = true,
        },
        ["timestep-one"] = new() { TimestepShape = TinyTimestepShape.One },
        ["safety-checker"] = new() { SafetyChecker = true, NsfwThreshold = 0.5f },
        ["safety-checker-fp16"] = new() { SafetyChecker = true, FloatType = TinyFloatType.Float16 },
        ["lcm"] = new() { LcmTimestepCond = true, TimestepType = TinyTimestepType.Int64 },
        ["sd2-v"] = new() { OpenClipPad = true, PredictionType = "v_prediction", HiddenSize = 64 },
    };

    public static TheoryData<string> Names => [.. All.Keys];
}

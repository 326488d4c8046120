using Onnx;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>The initializer that holds one module's weight, and how it is laid out.</summary>
public sealed record ModuleWeight(string Module, TensorProto Initializer, WeightLayout Layout)
{
    public long Count => Initializer.Dims.Aggregate(1L, (a, b) => a * b);
}

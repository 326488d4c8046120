using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.Diffusion.Models;

/// <summary>What a session declares for one input or output: name, element type and dimensions (-1 = dynamic).</summary>
public sealed record TensorSpec(string Name, TensorElementType ElementType, IReadOnlyList<int> Dimensions)
{
    public int Rank => Dimensions.Count;

    public bool IsFloatingPoint => ElementType is TensorElementType.Float or TensorElementType.Float16;

    /// <summary>The fixed size of dimension <paramref name="axis"/>, or null when it is dynamic.</summary>
    public int? FixedDimension(int axis) => axis < Dimensions.Count && Dimensions[axis] > 0 ? Dimensions[axis] : null;

    public override string ToString()
    {
        var dims = string.Join(",", Dimensions.Select(d => d > 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?"));
        return $"{Name} {TypeName(ElementType)}[{dims}]";
    }

    internal static TensorSpec From(string name, NodeMetadata metadata) =>
        new(name, metadata.ElementDataType, metadata.Dimensions);

    private static string TypeName(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Float16 => "float16",
        TensorElementType.Int32 => "int32",
        TensorElementType.Int64 => "int64",
        TensorElementType.Bool => "bool",
        _ => type.ToString().ToLowerInvariant(),
    };
}

using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>Maps <see cref="TinyModelOptions"/> to ONNX element types and shapes.</summary>
internal static class TinyGraphTypes
{
    public static DataType Floats(this TinyModelOptions options) =>
        options.FloatType == TinyFloatType.Float16 ? DataType.Float16 : DataType.Float;

    public static DataType Ids(this TinyModelOptions options) =>
        options.IdsType == TinyIdsType.Int64 ? DataType.Int64 : DataType.Int32;

    public static DataType Timestep(this TinyModelOptions options) => options.TimestepType switch
    {
        TinyTimestepType.Float16 => DataType.Float16,
        TinyTimestepType.Int64 => DataType.Int64,
        _ => DataType.Float,
    };

    public static OnnxDim[] TimestepDims(this TinyModelOptions options) => options.TimestepShape switch
    {
        TinyTimestepShape.One => [1],
        TinyTimestepShape.Scalar => [],
        _ => ["batch"],
    };
}

using System.Buffers.Binary;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// Turns a forged float32 graph into the float16 graph a half-precision export (<c>optimum-cli export onnx --fp16</c>)
/// is: float weights, inputs, outputs and casts become float16, so every tensor the graph computes is half. Resize's
/// <c>roi</c> and <c>scales</c> stay float32, as the operator requires.
/// </summary>
internal static class HalfPrecision
{
    /// <summary>
    /// The text encoders and the UNet in half precision; the VAE stays float32, as SD users run it (A1111's
    /// <c>--no-half-vae</c>, SDXL's <c>force_upcast</c>): it overflows in float16.
    /// </summary>
    public static ModelProto ForPart(string part, ModelProto model) =>
        part is "unet" or "text_encoder" or "text_encoder_2" ? Convert(model) : model;

    public static ModelProto Convert(ModelProto model)
    {
        var graph = model.Graph;
        var keepFloat = graph.Node.Where(n => n.OpType == "Resize").SelectMany(n => n.Input.Skip(1).Take(2)).Where(i => i.Length > 0).ToHashSet(StringComparer.Ordinal);
        foreach (var tensor in graph.Initializer.Where(t => (DataType)t.DataType == DataType.Float && !keepFloat.Contains(t.Name)))
        {
            ToHalf(tensor);
        }

        foreach (var value in graph.Input.Concat(graph.Output).Concat(graph.ValueInfo))
        {
            if (value.Type?.TensorType is { } tensor && (DataType)tensor.ElemType == DataType.Float)
            {
                tensor.ElemType = (int)DataType.Float16;
            }
        }

        foreach (var cast in graph.Node.Where(n => n.OpType == "Cast"))
        {
            foreach (var to in cast.Attribute.Where(a => a.Name == "to" && (DataType)a.I == DataType.Float))
            {
                to.I = (long)DataType.Float16;
            }
        }

        return model;
    }

    private static void ToHalf(TensorProto tensor)
    {
        var floats = tensor.FloatData.Count > 0 ? [.. tensor.FloatData] : ReadRaw(tensor.RawData.Span);
        var half = new byte[floats.Length * 2];
        for (var i = 0; i < floats.Length; i++)
        {
            // Beyond half's range a value saturates (float.MinValue masks become −65504, still "minus a lot" to a softmax).
            BinaryPrimitives.WriteHalfLittleEndian(half.AsSpan(i * 2), (Half)Math.Clamp(floats[i], (float)Half.MinValue, (float)Half.MaxValue));
        }

        tensor.FloatData.Clear();
        tensor.RawData = ByteString.CopyFrom(half);
        tensor.DataType = (int)DataType.Float16;
    }

    private static float[] ReadRaw(ReadOnlySpan<byte> raw)
    {
        var values = new float[raw.Length / 4];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
        }

        return values;
    }
}

using Google.Protobuf;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Device;

/// <summary>
/// A one-node Identity graph of any shape for one element type. Bound with a host value on one side and a device
/// value on the other, ONNX Runtime performs exactly one host↔device copy: the C# API has no other copy call.
/// </summary>
internal static class CopyGraph
{
    public const string InputName = "x";
    public const string OutputName = "y";

    public static byte[] Build(TensorElementType type)
    {
        var elementType = (int)ToOnnx(type);
        var graph = new GraphProto { Name = "copy" };
        graph.Node.Add(new NodeProto { OpType = "Identity", Name = "copy", Input = { InputName }, Output = { OutputName } });
        graph.Input.Add(AnyShape(InputName, elementType));
        graph.Output.Add(AnyShape(OutputName, elementType));
        var model = new ModelProto { IrVersion = 8, ProducerName = "DiffusionBot.Device", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model.ToByteArray();
    }

    public static DataType ToOnnx(TensorElementType type) => type switch
    {
        TensorElementType.Float => DataType.Float,
        TensorElementType.Float16 => DataType.Float16,
        TensorElementType.Int64 => DataType.Int64,
        TensorElementType.Int32 => DataType.Int32,
        _ => throw new NotSupportedException($"no device copy for {type} tensors"),
    };

    private static ValueInfoProto AnyShape(string name, int elementType) =>
        new() { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType } } };
}

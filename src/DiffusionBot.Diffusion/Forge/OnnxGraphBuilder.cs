using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// Builds one ONNX graph (opset 17, IR 8) node by node. Every value gets a generated name unless
/// one is given, so graph-building code reads as a chain of operations.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    public const long OpsetVersion = 17;
    public const long IrVersion = 8;

    private readonly GraphProto _graph;
    private int _nextId;

    public OnnxGraphBuilder(string name) => _graph = new GraphProto { Name = name };

    public string Input(string name, DataType type, params OnnxDim[] shape)
    {
        _graph.Input.Add(ValueInfo(name, type, shape));
        return name;
    }

    /// <summary>Declares <paramref name="value"/> as a graph output named <paramref name="name"/>.</summary>
    public void Output(string name, string value, DataType type, params OnnxDim[] shape)
    {
        Node("Identity", [value], name);
        _graph.Output.Add(ValueInfo(name, type, shape));
    }

    /// <summary>Declares an input of type <paramref name="declared"/> and returns it as float32 for the graph's math.</summary>
    public string InputAsFloat(string name, DataType declared, params OnnxDim[] shape)
    {
        Input(name, declared, shape);
        return declared == DataType.Float ? name : Cast(name, DataType.Float);
    }

    /// <summary>Declares a float32 <paramref name="value"/> as an output of type <paramref name="declared"/>.</summary>
    public void OutputFromFloat(string name, string value, DataType declared, params OnnxDim[] shape) =>
        Output(name, declared == DataType.Float ? value : Cast(value, declared), declared, shape);

    public string Node(string opType, IReadOnlyList<string> inputs, params AttributeProto[] attributes) =>
        Node(opType, inputs, NewName(opType), attributes);

    public string Node(string opType, IReadOnlyList<string> inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_nextId++}" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return output;
    }

    /// <summary>
    /// A node named like torch.onnx names it (<c>/down_blocks.0/resnets.0/conv1/Conv</c>), whose
    /// output is that name with <c>_output_0</c>.
    /// </summary>
    public string NamedNode(string nodeName, string opType, IReadOnlyList<string> inputs, params AttributeProto[] attributes)
    {
        var output = nodeName + "_output_0";
        var node = new NodeProto { OpType = opType, Name = nodeName };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return output;
    }

    /// <summary>A float initializer with a given name (a module path such as <c>conv_in.weight</c>).</summary>
    public string NamedFloats(string name, ReadOnlySpan<float> values, params long[] dims) =>
        Initializer(DataType.Float, MemoryMarshal.AsBytes(values), dims, name);

    /// <summary>The bytes of all initializers so far.</summary>
    public long InitializerBytes => _graph.Initializer.Sum(t => (long)t.RawData.Length);

    public string Floats(ReadOnlySpan<float> values, params long[] dims) =>
        Initializer(DataType.Float, MemoryMarshal.AsBytes(values), dims);

    public string Int64s(params long[] values) =>
        Initializer(DataType.Int64, MemoryMarshal.AsBytes<long>(values), values.Length);

    public string Scalar(float value) => Floats([value]);

    public string ScalarInt64(long value) =>
        Initializer(DataType.Int64, MemoryMarshal.AsBytes<long>([value]));

    public string Cast(string value, DataType to) => Node("Cast", [value], Int("to", (long)to));

    public string Add(string a, string b) => Node("Add", [a, b]);

    public string Sub(string a, string b) => Node("Sub", [a, b]);

    public string Mul(string a, string b) => Node("Mul", [a, b]);

    public string Div(string a, string b) => Node("Div", [a, b]);

    public string MatMul(string a, string b) => Node("MatMul", [a, b]);

    public string Reshape(string value, params long[] shape) => Node("Reshape", [value, Int64s(shape)]);

    public string ReduceSum(string value, bool keepDims, params long[] axes) =>
        Node("ReduceSum", [value, Int64s(axes)], Int("keepdims", keepDims ? 1 : 0));

    public string ReduceMean(string value, bool keepDims, params long[] axes) =>
        Node("ReduceMean", [value], Ints("axes", axes), Int("keepdims", keepDims ? 1 : 0));

    public string Unsqueeze(string value, params long[] axes) => Node("Unsqueeze", [value, Int64s(axes)]);

    /// <summary>Element 0 of a tensor of any shape ([B], [1] or scalar), as a scalar.</summary>
    public string FirstElement(string value) => Node("Gather", [Reshape(value, -1), ScalarInt64(0)], Int("axis", 0));

    public ModelProto Build()
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "DiffusionBot.Forge",
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        return model;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    private string Initializer(DataType type, ReadOnlySpan<byte> littleEndianData, params long[] dims) =>
        Initializer(type, littleEndianData, dims, NewName("w"));

    private string Initializer(DataType type, ReadOnlySpan<byte> littleEndianData, long[] dims, string name)
    {
        var tensor = new TensorProto
        {
            Name = name,
            DataType = (int)type,
            RawData = ByteString.CopyFrom(littleEndianData),
        };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    private string NewName(string prefix) => $"{prefix}_{_nextId++}";

    private static ValueInfoProto ValueInfo(string name, DataType type, OnnxDim[] shape)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = new TensorShapeProto() };
        foreach (var dim in shape)
        {
            tensorType.Shape.Dim.Add(dim.Param is null
                ? new TensorShapeProto.Types.Dimension { DimValue = dim.Value }
                : new TensorShapeProto.Types.Dimension { DimParam = dim.Param });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}

using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// PyTorch modules (Linear, Conv2d, GroupNorm, LayerNorm, attention) written as the ONNX nodes
/// torch.onnx exports for them, named by module path: <c>down_blocks.0.resnets.0.conv1</c> gives
/// the node <c>/down_blocks.0/resnets.0/conv1/Conv</c> and the initializers
/// <c>down_blocks.0.resnets.0.conv1.weight</c> and <c>.bias</c>. Linear weights are stored as
/// MatMul's right operand, [in, out] (the transpose of torch's [out, in]), as exporters store them.
/// </summary>
/// <remarks>
/// Weights are uniform with variance 1/fan_in (biases within ±1/√fan_in, PyTorch's default bound)
/// and norms start at weight 1, bias 0, so activations keep unit scale through any depth.
/// </remarks>
internal sealed class ModuleGraph(OnnxGraphBuilder graph, TinyWeights weights)
{
    private const int TorchGroupNormGroups = 32;

    private readonly Dictionary<string, int> _opCounts = new(StringComparer.Ordinal);

    public OnnxGraphBuilder G { get; } = graph;

    public string Linear(string path, string x, int inFeatures, int outFeatures, bool bias = true)
    {
        var weight = G.NamedFloats(path + ".weight", Kaiming(inFeatures * outFeatures, inFeatures), inFeatures, outFeatures);
        var y = Op(path, "MatMul", [x, weight]);
        return bias ? Op(path, "Add", [G.NamedFloats(path + ".bias", Bias(outFeatures, inFeatures), outFeatures), y]) : y;
    }

    public string Conv(string path, string x, int inChannels, int outChannels, int kernel, int stride = 1, long[]? pads = null)
    {
        var fanIn = inChannels * kernel * kernel;
        var weight = G.NamedFloats(path + ".weight", Kaiming(outChannels * fanIn, fanIn), outChannels, inChannels, kernel, kernel);
        var bias = G.NamedFloats(path + ".bias", Bias(outChannels, fanIn), outChannels);
        var half = kernel / 2;
        return Op(path, "Conv", [x, weight, bias],
            OnnxGraphBuilder.Ints("kernel_shape", kernel, kernel),
            OnnxGraphBuilder.Ints("strides", stride, stride),
            OnnxGraphBuilder.Ints("pads", pads ?? [half, half, half, half]));
    }

    /// <summary>
    /// GroupNorm as torch.onnx exports it at opset 17 (InstanceNormalization over [B, G, -1]). The
    /// group count is 32 where the channels allow it (always, at full width) and the largest divisor
    /// of 32 that divides them otherwise.
    /// </summary>
    public string GroupNorm(string path, string x, int channels, float epsilon)
    {
        var groups = (int)System.Numerics.BigInteger.GreatestCommonDivisor(TorchGroupNormGroups, channels);
        var grouped = G.Reshape(x, 0, groups, -1);
        var normalized = Op(path, "InstanceNormalization", [grouped, G.Floats(Filled(groups, 1f), groups), G.Floats(new float[groups], groups)],
            OnnxGraphBuilder.Float("epsilon", epsilon));
        var restored = G.Node("Reshape", [normalized, G.Node("Shape", [x])]);
        var weight = G.Unsqueeze(G.NamedFloats(path + ".weight", Filled(channels, 1f), channels), 1, 2);
        var bias = G.Unsqueeze(G.NamedFloats(path + ".bias", new float[channels], channels), 1, 2);
        return Op(path, "Add", [Op(path, "Mul", [restored, weight]), bias]);
    }

    public string LayerNorm(string path, string x, int channels, float epsilon = 1e-5f) =>
        Op(path, "LayerNormalization",
            [x, G.NamedFloats(path + ".weight", Filled(channels, 1f), channels), G.NamedFloats(path + ".bias", new float[channels], channels)],
            OnnxGraphBuilder.Int("axis", -1), OnnxGraphBuilder.Float("epsilon", epsilon));

    public string Silu(string x) => G.Mul(x, G.Node("Sigmoid", [x]));

    /// <summary>The exact (erf) GELU that GEGLU uses.</summary>
    public string Gelu(string x) =>
        G.Mul(G.Mul(x, G.Scalar(0.5f)), G.Add(G.Scalar(1f), G.Node("Erf", [G.Div(x, G.Scalar(MathF.Sqrt(2f)))])));

    /// <summary>CLIP's quick GELU: x·σ(1.702x).</summary>
    public string QuickGelu(string x) => G.Mul(x, G.Node("Sigmoid", [G.Mul(x, G.Scalar(1.702f))]));

    /// <summary>Multi-head attention over [B, N, C] queries and [B, M, C'] keys/values (self-attention when <paramref name="context"/> is null).</summary>
    public string Attention(string x, string? context, AttentionNames names, int channels, int contextChannels, int heads, string? mask = null)
    {
        var headDim = channels / heads;
        var source = context ?? x;
        var q = Linear(names.Query, x, channels, channels, names.ProjectionBias);
        var k = Linear(names.Key, source, contextChannels, channels, names.ProjectionBias);
        var v = Linear(names.Value, source, contextChannels, channels, names.ProjectionBias);
        var qh = Heads(q, heads, headDim, 0, 2, 1, 3);
        var kh = Heads(k, heads, headDim, 0, 2, 3, 1);
        var vh = Heads(v, heads, headDim, 0, 2, 1, 3);
        var scores = G.Mul(G.MatMul(qh, kh), G.Scalar(1f / MathF.Sqrt(headDim)));
        if (mask is not null)
        {
            scores = G.Add(scores, mask);
        }

        var attended = G.MatMul(G.Node("Softmax", [scores], OnnxGraphBuilder.Int("axis", -1)), vh);
        var merged = G.Reshape(G.Node("Transpose", [attended], OnnxGraphBuilder.Ints("perm", 0, 2, 1, 3)), 0, -1, channels);
        return Linear(names.Output, merged, channels, channels);
    }

    public static string NodeName(string path, string opType) => "/" + ScopePath(path) + "/" + opType;

    /// <summary>torch.onnx's scope: a ModuleList index stays joined to its list (<c>down_blocks.0</c>).</summary>
    private static string ScopePath(string path)
    {
        var parts = path.Split('.');
        var scopes = new List<string>();
        foreach (var part in parts)
        {
            if (scopes.Count > 0 && part.All(char.IsAsciiDigit))
            {
                scopes[^1] += "." + part;
            }
            else
            {
                scopes.Add(part);
            }
        }

        return string.Join('/', scopes);
    }

    private string Op(string path, string opType, IReadOnlyList<string> inputs, params AttributeProto[] attributes)
    {
        var name = NodeName(path, opType);
        var count = _opCounts.GetValueOrDefault(name);
        _opCounts[name] = count + 1;
        return G.NamedNode(count == 0 ? name : $"{name}_{count}", opType, inputs, attributes);
    }

    private string Heads(string value, int heads, int headDim, params long[] perm) =>
        G.Node("Transpose", [G.Reshape(value, 0, -1, heads, headDim)], OnnxGraphBuilder.Ints("perm", perm));

    private float[] Kaiming(int count, int fanIn) => weights.Uniform(count, MathF.Sqrt(3f / fanIn));

    private float[] Bias(int count, int fanIn) => weights.Uniform(count, 1f / MathF.Sqrt(fanIn));

    private static float[] Filled(int count, float value)
    {
        var values = new float[count];
        Array.Fill(values, value);
        return values;
    }
}

/// <summary>The module names of one attention layer's projections.</summary>
internal sealed record AttentionNames(string Query, string Key, string Value, string Output, bool ProjectionBias)
{
    /// <summary>diffusers' <c>Attention</c>: <c>to_q</c>, <c>to_k</c>, <c>to_v</c>, <c>to_out.0</c>.</summary>
    public static AttentionNames Diffusers(string path, bool projectionBias) =>
        new($"{path}.to_q", $"{path}.to_k", $"{path}.to_v", $"{path}.to_out.0", projectionBias);

    /// <summary>transformers' <c>CLIPAttention</c>: <c>q_proj</c>, <c>k_proj</c>, <c>v_proj</c>, <c>out_proj</c>.</summary>
    public static AttentionNames Clip(string path) =>
        new($"{path}.q_proj", $"{path}.k_proj", $"{path}.v_proj", $"{path}.out_proj", true);
}

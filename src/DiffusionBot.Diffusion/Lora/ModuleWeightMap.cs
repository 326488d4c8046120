using Onnx;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>
/// Which ONNX initializer holds each PyTorch module's weight. Convolutions keep their module name on
/// the initializer (<c>down_blocks.0.resnets.0.conv1.weight</c>); a linear layer's weight is often
/// renamed by the exporter (<c>onnx::MatMul_1234</c>), so it is found through the scoped name of the
/// MatMul/Gemm node that consumes it (<c>/down_blocks.0/attentions.0/…/attn1/to_q/MatMul</c> →
/// <c>down_blocks.0.attentions.0.….attn1.to_q</c>).
/// </summary>
public sealed class ModuleWeightMap
{
    private const string WeightSuffix = ".weight";

    private readonly Dictionary<string, ModuleWeight> _byModule = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModuleWeight> _byKohyaName = new(StringComparer.Ordinal);

    private ModuleWeightMap(string modelPath, ModelProto model)
    {
        ModelPath = modelPath;
        Model = model;
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var node in model.Graph.Node)
        {
            if (node.Input.Count < 2 || !initializers.TryGetValue(node.Input[1], out var weight))
            {
                continue;
            }

            switch (node.OpType)
            {
                case "Conv":
                    Add(ModuleOfInitializer(weight.Name) ?? ModuleOfNode(node.Name), weight, WeightLayout.OutIn);
                    break;
                case "MatMul" when weight.Dims.Count == 2:
                    Add(ModuleOfNode(node.Name), weight, WeightLayout.InOut);
                    Add(ModuleOfInitializer(weight.Name), weight, WeightLayout.InOut);
                    break;
                case "Gemm" when weight.Dims.Count == 2:
                    var transposed = node.Attribute.Any(a => a.Name == "transB" && a.I == 1);
                    Add(ModuleOfNode(node.Name), weight, transposed ? WeightLayout.OutIn : WeightLayout.InOut);
                    Add(ModuleOfInitializer(weight.Name), weight, transposed ? WeightLayout.OutIn : WeightLayout.InOut);
                    break;
            }
        }
    }

    public string ModelPath { get; }

    public ModelProto Model { get; }

    public int Count => _byModule.Count;

    /// <summary>Reads the graph of <paramref name="modelPath"/> (its external weights stay on disk until merged).</summary>
    public static ModuleWeightMap Read(string modelPath)
    {
        using var stream = File.OpenRead(modelPath);
        return new ModuleWeightMap(modelPath, ModelProto.Parser.ParseFrom(stream));
    }

    /// <summary>The weight a LoRA module changes (a kohya UNet name in SGM's layout through <see cref="SgmUnetNames"/>), or null when nothing in the graph matches it.</summary>
    public ModuleWeight? Find(LoraModule module) => module.IsKohyaName
        ? _byKohyaName.GetValueOrDefault(module.Name)
            ?? (module.Part == LoraPart.Unet && SgmUnetNames.ToDiffusers(module.Name) is { } diffusers ? _byKohyaName.GetValueOrDefault(diffusers) : null)
        : _byModule.GetValueOrDefault(module.Name);

    /// <summary><c>/a/b.0/c/MatMul_1</c> → <c>a.b.0.c</c>; null for an unscoped node.</summary>
    public static string? ModuleOfNode(string nodeName)
    {
        if (!nodeName.StartsWith('/'))
        {
            return null;
        }

        var scopes = nodeName[1..].Split('/');
        return scopes.Length < 2 ? null : string.Join('.', scopes[..^1]);
    }

    private static string? ModuleOfInitializer(string name) =>
        name.EndsWith(WeightSuffix, StringComparison.Ordinal) ? name[..^WeightSuffix.Length] : null;

    private void Add(string? module, TensorProto weight, WeightLayout layout)
    {
        if (module is null || _byModule.ContainsKey(module))
        {
            return;
        }

        var entry = new ModuleWeight(module, weight, layout);
        _byModule[module] = entry;
        _byKohyaName.TryAdd(module.Replace('.', '_'), entry);
    }
}

using System.Runtime.InteropServices;
using DiffusionBot.Diffusion.Lora;
using Google.Protobuf;
using Onnx;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// Deterministic random low-rank deltas for chosen modules of a forged model, written as a kohya or a
/// diffusers/PEFT LoRA, or baked into the model's own weights (the reference the merge is tested against).
/// </summary>
internal static class ForgedLora
{
    public const int Rank = 4;

    /// <summary>kohya's alpha for the forged files: scale alpha/rank = 1/2, so kohya's up is twice PEFT's (exact in F16).</summary>
    public const float KohyaAlpha = Rank / 2f;

    /// <summary>A delta for every Conv and MatMul weight named <c>module.weight</c> that <paramref name="targets"/> accepts.</summary>
    public static List<ForgedLoraModule> Create(ModelProto model, LoraPart part, Func<string, bool> targets, TinyWeights weights, float strength)
    {
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var modules = new List<ForgedLoraModule>();
        foreach (var node in model.Graph.Node.Where(n => n.OpType is "MatMul" or "Conv" && n.Input.Count > 1))
        {
            if (!initializers.TryGetValue(node.Input[1], out var weight) || !weight.Name.EndsWith(".weight", StringComparison.Ordinal)
                || !targets(weight.Name) || modules.Any(m => m.Initializer == weight.Name))
            {
                continue;
            }

            var conv = node.OpType == "Conv";
            var (inFeatures, outFeatures, kernel) = conv
                ? ((int)weight.Dims[1], (int)weight.Dims[0], (int)weight.Dims[2])
                : ((int)weight.Dims[0], (int)weight.Dims[1], 0);
            var fanIn = inFeatures * Math.Max(kernel * kernel, 1);
            var down = HalfExact(weights.Uniform(Rank * fanIn, MathF.Sqrt(3f / fanIn)));
            var up = HalfExact(weights.Uniform(outFeatures * Rank, strength * MathF.Sqrt(3f / Rank)));
            modules.Add(new ForgedLoraModule(part, weight.Name[..^".weight".Length], weight.Name, inFeatures, outFeatures, kernel, down, up));
        }

        return modules;
    }

    /// <summary>kohya: <c>lora_unet_down_blocks_0_…_to_q.lora_down.weight</c>, <c>.lora_up.weight</c>, <c>.alpha</c>; F32.</summary>
    public static void WriteKohya(string path, IEnumerable<ForgedLoraModule> modules)
    {
        var tensors = new List<SafetensorsTensor>();
        foreach (var m in modules)
        {
            var key = (m.Part == LoraPart.Unet ? "lora_unet_" : "lora_te_") + m.Module.Replace('.', '_');
            var up = m.Up.Select(v => v * (Rank / KohyaAlpha)).ToArray();
            tensors.Add(new SafetensorsTensor(key + ".lora_down.weight", m.DownShape, m.Down));
            tensors.Add(new SafetensorsTensor(key + ".lora_up.weight", m.UpShape, up));
            tensors.Add(new SafetensorsTensor(key + ".alpha", [], [KohyaAlpha]));
        }

        SafetensorsWriter.Write(path, tensors);
    }

    /// <summary>diffusers/PEFT: <c>unet.down_blocks.0.….to_q.lora_A.weight</c> and <c>.lora_B.weight</c>; F16, no alpha (scale 1).</summary>
    public static void WritePeft(string path, IEnumerable<ForgedLoraModule> modules)
    {
        var tensors = new List<SafetensorsTensor>();
        foreach (var m in modules)
        {
            var key = (m.Part == LoraPart.Unet ? "unet." : "text_encoder.") + m.Module;
            tensors.Add(new SafetensorsTensor(key + ".lora_A.weight", m.DownShape, m.Down));
            tensors.Add(new SafetensorsTensor(key + ".lora_B.weight", m.UpShape, m.Up));
        }

        SafetensorsWriter.Write(path, tensors, half: true);
    }

    /// <summary>Adds weight·delta to the model's float32 initializers, straight from the definition (double sums).</summary>
    public static void Bake(ModelProto model, IEnumerable<ForgedLoraModule> modules, float weight)
    {
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var m in modules)
        {
            var tensor = initializers[m.Initializer];
            var values = MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
            var rank = m.Rank;
            var columns = m.Down.Length / rank;
            for (var o = 0; o < m.Out; o++)
            {
                for (var j = 0; j < columns; j++)
                {
                    double sum = 0;
                    for (var r = 0; r < rank; r++)
                    {
                        sum += (double)m.Up[(o * rank) + r] * m.Down[(r * columns) + j];
                    }

                    // Conv keeps torch's [out, in, k, k]; MatMul stores [in, out].
                    var index = m.Kernel > 0 ? (o * columns) + j : (j * m.Out) + o;
                    values[index] = (float)(values[index] + (weight * sum));
                }
            }

            tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        }
    }

    /// <summary>Renames every MatMul weight to <c>onnx::MatMul_N</c>, as torch.onnx does when it stores a linear layer's transposed weight.</summary>
    public static ModelProto AnonymizeLinearWeights(ModelProto model)
    {
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var node in model.Graph.Node.Where(n => n.OpType == "MatMul" && n.Input.Count > 1))
        {
            if (initializers.TryGetValue(node.Input[1], out var weight))
            {
                if (!renames.TryGetValue(weight.Name, out var name))
                {
                    name = $"onnx::MatMul_{1000 + renames.Count}";
                    renames[weight.Name] = name;
                    weight.Name = name;
                }

                node.Input[1] = name;
            }
        }

        return model;
    }

    private static float[] HalfExact(float[] values) => [.. values.Select(v => (float)(Half)v)];
}

using System.Numerics;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>
/// Adds each LoRA's low-rank delta (weight · alpha/rank · up·down) to the base weights of one
/// sub-model, and returns the changed initializers as overrides. A module that maps to no weight,
/// or to one of another shape, is an error naming its key: nothing is skipped silently.
/// </summary>
public static class LoraMerger
{
    public static InitializerOverrides Merge(ModuleWeightMap map, LoraPart part, IReadOnlyList<LoraWeight> loras)
    {
        var merged = new Dictionary<string, (ModuleWeight Target, float[] Values)>(StringComparer.Ordinal);
        foreach (var (lora, weight) in loras)
        {
            foreach (var module in lora.Modules.Where(m => m.Part == part))
            {
                var target = map.Find(module) ?? throw new LoraException(
                    $"{lora.Name}: key '{module.Key}' maps to no weight of {Describe(map)}; the LoRA does not fit this model.");
                RequireShape(lora, module, target);
                if (weight == 0f)
                {
                    continue;
                }

                if (!merged.TryGetValue(target.Initializer.Name, out var entry))
                {
                    entry = (target, InitializerData.Read(target.Initializer, map.ModelPath));
                    merged[target.Initializer.Name] = entry;
                }

                AddDelta(entry.Values, target.Layout, module, weight * module.Scale);
            }
        }

        var overrides = new InitializerOverrides();
        foreach (var (name, (target, values)) in merged)
        {
            var shape = target.Initializer.Dims.ToArray();
            if ((DataType)target.Initializer.DataType == DataType.Float16)
            {
                overrides.AddHalf(name, values, shape);
            }
            else
            {
                overrides.AddFloat(name, values, shape);
            }
        }

        return overrides;
    }

    /// <summary>
    /// W += s · up·down. Torch's layout [out, in]: row o gains Σ_r s·up[o,r]·down[r,:]. MatMul's
    /// [in, out]: row i gains Σ_r s·down[r,i]·up[:,r]. Both are row-wise axpys over contiguous memory.
    /// </summary>
    private static void AddDelta(float[] weight, WeightLayout layout, LoraModule module, float scale)
    {
        var rank = module.Rank;
        var inFeatures = module.InFeatures;
        var outFeatures = module.OutFeatures;
        var up = module.Up.Values;
        var down = module.Down.Values;
        if (layout == WeightLayout.OutIn)
        {
            Parallel.For(0, outFeatures, o =>
            {
                var row = weight.AsSpan(o * inFeatures, inFeatures);
                for (var r = 0; r < rank; r++)
                {
                    Axpy(scale * up[(o * rank) + r], down.AsSpan(r * inFeatures, inFeatures), row);
                }
            });
            return;
        }

        var upByRank = new float[rank * outFeatures];
        for (var o = 0; o < outFeatures; o++)
        {
            for (var r = 0; r < rank; r++)
            {
                upByRank[(r * outFeatures) + o] = up[(o * rank) + r];
            }
        }

        Parallel.For(0, inFeatures, i =>
        {
            var row = weight.AsSpan(i * outFeatures, outFeatures);
            for (var r = 0; r < rank; r++)
            {
                Axpy(scale * down[(r * inFeatures) + i], upByRank.AsSpan(r * outFeatures, outFeatures), row);
            }
        });
    }

    private static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<float>(a);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                (new Vector<float>(y[i..]) + (va * new Vector<float>(x[i..]))).CopyTo(y[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    private static void RequireShape(LoraFile lora, LoraModule module, ModuleWeight target)
    {
        var dims = target.Initializer.Dims;
        var fits = target.Layout == WeightLayout.InOut
            ? dims.Count == 2 && dims[0] == module.InFeatures && dims[1] == module.OutFeatures
            : dims[0] == module.OutFeatures && target.Count == (long)module.OutFeatures * module.InFeatures;
        if (!fits)
        {
            throw new LoraException(
                $"{lora.Name}: key '{module.Key}' is {module.OutFeatures}×{module.InFeatures} but weight '{target.Initializer.Name}' is [{string.Join(", ", dims)}]; the LoRA was made for another model.");
        }
    }

    private static string Describe(ModuleWeightMap map) =>
        Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(map.ModelPath))) + "/" + Path.GetFileName(map.ModelPath);
}

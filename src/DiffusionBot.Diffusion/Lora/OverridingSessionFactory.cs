using DiffusionBot.Diffusion.Models;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>
/// Opens a model's parts as <paramref name="inner"/> does, with replaced initializers (merged LoRA weights, a token table
/// extended by embeddings) for the parts that have overrides; overrides handed in for the same part are added to them.
/// </summary>
internal sealed class OverridingSessionFactory(ISessionFactory inner, Dictionary<string, InitializerOverrides> overridesByPath) : ISessionFactory
{
    public string ProviderName => inner.ProviderName;

    public int DeviceId => inner.DeviceId;

    public bool CapturesUnetGraph => inner.CapturesUnetGraph;

    public InferenceSession Open(string modelPath)
    {
        var key = Path.GetFullPath(modelPath);
        if (!overridesByPath.Remove(key, out var overrides))
        {
            return inner.Open(modelPath);
        }

        try
        {
            return inner.Open(modelPath, overrides);
        }
        catch
        {
            overrides.Dispose();
            throw;
        }
    }

    public InferenceSession Open(byte[] model) => inner.Open(model);

    public InferenceSession Open(string modelPath, InitializerOverrides overrides, GraphOptimizationLevel level)
    {
        if (overridesByPath.Remove(Path.GetFullPath(modelPath), out var own))
        {
            own.Absorb(overrides);
            overrides = own;
        }

        return inner.Open(modelPath, overrides, level);
    }

    /// <summary>Frees overrides of parts that were never opened (the model failed to load first).</summary>
    public void DisposeUnused()
    {
        foreach (var overrides in overridesByPath.Values)
        {
            overrides.Dispose();
        }

        overridesByPath.Clear();
    }
}

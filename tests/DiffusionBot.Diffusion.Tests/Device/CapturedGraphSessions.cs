using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Models;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Tests.Device;

/// <summary>Real CPU sessions that report what a CUDA-graph deployment reports, so the one-shape rule can be tested here.</summary>
internal sealed class CapturedGraphSessions(SessionFactory inner) : ISessionFactory
{
    public string ProviderName => inner.ProviderName;

    public int DeviceId => inner.DeviceId;

    public bool CapturesUnetGraph => true;

    public InferenceSession Open(string modelPath) => inner.Open(modelPath);

    public InferenceSession Open(byte[] model) => inner.Open(model);

    public InferenceSession Open(string modelPath, InitializerOverrides overrides, GraphOptimizationLevel level) => inner.Open(modelPath, overrides, level);
}

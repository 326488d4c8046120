using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Models;

/// <summary>Opens ONNX sessions on the configured execution provider.</summary>
public interface ISessionFactory
{
    /// <summary>The execution provider sessions run on: <c>CUDA</c> or <c>CPU</c>.</summary>
    string ProviderName { get; }

    InferenceSession Open(string modelPath);
}

using DiffusionBot.Diffusion.Lora;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Models;

/// <summary>Opens ONNX sessions on the configured execution provider.</summary>
public interface ISessionFactory
{
    /// <summary>The execution provider sessions run on: <c>CUDA</c> or <c>CPU</c>.</summary>
    string ProviderName { get; }

    /// <summary>The device the provider runs on (CUDA device id; 0 on the CPU).</summary>
    int DeviceId { get; }

    /// <summary>Whether UNet sessions replay a captured CUDA graph, which holds for one input shape only.</summary>
    bool CapturesUnetGraph { get; }

    InferenceSession Open(string modelPath);

    /// <summary>Opens an in-memory graph (the loop's step and copy graphs) with the same provider and options.</summary>
    InferenceSession Open(byte[] model);

    /// <summary>Opens a model file with some initializers replaced (merged LoRA weights); the session owns the overrides.</summary>
    InferenceSession Open(string modelPath, InitializerOverrides overrides, GraphOptimizationLevel level = GraphOptimizationLevel.ORT_ENABLE_EXTENDED);
}

using System.ComponentModel.DataAnnotations;
using DiffusionBot.Diffusion.Device;

namespace DiffusionBot.Diffusion;

/// <summary>The <c>Diffusion</c> configuration section.</summary>
public sealed class EngineOptions
{
    public const string SectionName = "Diffusion";
    public const string DefaultDevice = "auto";
    public const string DefaultModelsPath = "models";
    public const string DefaultModelName = "demo";
    public const int DefaultMaxPixels = 1024 * 1024;
    public const int DefaultMaxSteps = 150;
    public const int DefaultMaxImages = 4;
    public const int DefaultSteps = 20;
    public const float DefaultGuidance = 7.5f;
    public const int DefaultSize = 512;
    public const int DefaultMaxInputBytes = 20 * 1024 * 1024;
    public const int DefaultMaxInputPixels = 4096 * 4096;
    public const int DefaultMaxLoadedModels = 2;

    /// <summary><c>auto</c>, <c>cuda</c> or <c>cpu</c>.</summary>
    /// <remarks><c>auto</c> tries the CUDA provider and falls back to the CPU with one log line saying why.</remarks>
    [RegularExpression("^(auto|cuda|cpu)$")]
    public string Device { get; set; } = DefaultDevice;

    [Range(0, 64)]
    public int DeviceId { get; set; }

    /// <summary>The folder holding one sub-folder per model (diffusers/Optimum ONNX layout).</summary>
    [Required]
    public string ModelsPath { get; set; } = DefaultModelsPath;

    /// <summary>The model used when a request names none; the generated demo model by default.</summary>
    [Required]
    public string DefaultModel { get; set; } = DefaultModelName;

    /// <summary>Upper bound on width × height of one image.</summary>
    /// <remarks>1 MP covers 1024×1024 (SDXL) while keeping one CPU render within minutes.</remarks>
    [Range(64 * 64, 4096 * 4096)]
    public int MaxPixels { get; set; } = DefaultMaxPixels;

    [Range(1, 1000)]
    public int MaxSteps { get; set; } = DefaultMaxSteps;

    /// <summary>Most images one request may ask for; they run as one batch.</summary>
    [Range(1, 16)]
    public int MaxImages { get; set; } = DefaultMaxImages;

    [Range(1, 1000)]
    public int DefaultStepCount { get; set; } = DefaultSteps;

    [Range(0, 50)]
    public float DefaultGuidanceScale { get; set; } = DefaultGuidance;

    /// <summary>Largest init image file accepted, in bytes.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxInputBytes { get; set; } = DefaultMaxInputBytes;

    /// <summary>Largest init image accepted, in decoded pixels (checked from the header before decoding).</summary>
    /// <remarks>Guards against decompression bombs: a small file can declare an enormous canvas.</remarks>
    [Range(64 * 64, 16384 * 16384)]
    public int MaxInputPixels { get; set; } = DefaultMaxInputPixels;

    /// <summary>ONNX Runtime's CPU threading (<c>Diffusion:Cpu</c>).</summary>
    public CpuOptions Cpu { get; set; } = new();

    /// <summary>The sampler used when a request names none; empty means the model's own scheduler.</summary>
    public string DefaultSampler { get; set; } = "";

    /// <summary>CUDA execution provider options (<c>Diffusion:Cuda</c>); ignored on the CPU provider.</summary>
    public CudaOptions Cuda { get; set; } = new();

    /// <summary>Most models kept loaded at once; the least recently used idle one is unloaded first.</summary>
    /// <remarks>Two lets a bot alternate between a main model and a second without reloading, within one GPU's memory.</remarks>
    [Range(1, 64)]
    public int MaxLoadedModels { get; set; } = DefaultMaxLoadedModels;

    /// <summary>Upper bound on the summed weight bytes of loaded models, in MiB; 0 means only <see cref="MaxLoadedModels"/> applies.</summary>
    [Range(0, 1 << 24)]
    public int ModelMemoryBudgetMB { get; set; }

    /// <summary>The global LoRA folder (next to <see cref="ModelsPath"/> by default); each model's own <c>loras/</c> is searched first.</summary>
    [Required]
    public string LorasPath { get; set; } = DefaultLorasPath;

    /// <summary>The global textual-inversion folder; each model's own <c>embeddings/</c> wins on a shared name.</summary>
    [Required]
    public string EmbeddingsPath { get; set; } = DefaultEmbeddingsPath;

    /// <summary>Most LoRAs one request may apply.</summary>
    [Range(0, 32)]
    public int MaxLorasPerRequest { get; set; } = DefaultMaxLorasPerRequest;

    /// <summary>Most model+LoRA-set sessions kept at once (besides the plain models); the least recently used idle one goes first.</summary>
    [Range(1, 64)]
    public int MaxLoraSessions { get; set; } = DefaultMaxLoraSessions;

    /// <summary>The folder of ONNX upscalers (<c>*.onnx</c>, Real-ESRGAN style) that Upscale 2× uses before SD upscale.</summary>
    [Required]
    public string UpscalersPath { get; set; } = DefaultUpscalersPath;

    /// <summary>The upscaler Upscale 2× runs (its file name without <c>.onnx</c>); empty takes the first in <see cref="UpscalersPath"/>, <c>sd</c> always runs SD upscale.</summary>
    public string Upscaler { get; set; } = "";

    /// <summary>The side, in input pixels, of the square tiles an upscaler runs on; larger images are tiled with overlap.</summary>
    [Range(32, 4096)]
    public int UpscaleTile { get; set; } = DefaultUpscaleTile;

    public const string DefaultLorasPath = "loras";
    public const string DefaultUpscalersPath = "upscalers";
    public const string DefaultEmbeddingsPath = "embeddings";
    public const int DefaultUpscaleTile = 256;
    public const int DefaultMaxLorasPerRequest = 4;
    public const int DefaultMaxLoraSessions = 2;
}

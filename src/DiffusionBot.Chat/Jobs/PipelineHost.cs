using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Residency;
using DiffusionBot.Diffusion.Upscaling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Chat.Jobs;

/// <summary>
/// The worker's models: loaded on first use, warmed at the served default size, at most
/// <see cref="EngineOptions.MaxLoadedModels"/> (or the memory budget) kept, never unloaded under a running job.
/// </summary>
public sealed class PipelineHost : IDisposable
{
    private readonly EngineOptions _options;

    public PipelineHost(IOptions<EngineOptions> options, ISessionFactory sessions, ILogger<PipelineHost> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        Catalog = new ModelCatalog(_options.ModelsPath, sessions, logger, _options.EmbeddingsPath);
        Models = new ResidentModels(Catalog, ResidencyLimits.From(_options), model => new DiffusionPipeline(model, _options, logger), WarmUp, logger);
        Loras = new LoraModels(Catalog, sessions, _options, model => new DiffusionPipeline(model, _options, logger), logger);
        Upscalers = new UpscalerLibrary(_options, sessions);
    }

    /// <summary>The ONNX upscaler Upscale 2× runs, when <see cref="EngineOptions.UpscalersPath"/> has one.</summary>
    public UpscalerLibrary Upscalers { get; }

    /// <summary>Models with LoRA sets merged, cached per set (<see cref="EngineOptions.MaxLoraSessions"/>).</summary>
    public LoraModels Loras { get; }

    public ModelCatalog Catalog { get; }

    public ResidentModels Models { get; }

    public EngineOptions Options => _options;

    /// <summary>A lease on the pipeline of <paramref name="model"/> (the default model when empty); dispose it when the job is done.</summary>
    public ModelLease Lease(string? model) => Models.Acquire(string.IsNullOrEmpty(model) ? _options.DefaultModel : model);

    /// <summary>As <see cref="Lease(string?)"/>, with <paramref name="loras"/> merged when there are any.</summary>
    public ModelLease Lease(string? model, IReadOnlyList<LoraSpec> loras) => loras.Count == 0
        ? Lease(model)
        : Loras.Acquire(string.IsNullOrEmpty(model) ? _options.DefaultModel : model, loras);

    /// <summary>The LoRA names <paramref name="model"/> (the default when empty) can use.</summary>
    public IReadOnlyList<string> LoraNames(string? model) =>
        Loras.Library.Names(Catalog.FolderOf(string.IsNullOrEmpty(model) ? _options.DefaultModel : model));

    /// <summary>
    /// One short generation at the size and guidance requests get by default, so their first run finds every kernel
    /// ready. An inpainting model only runs with an image and a mask, so it warms on its first edit.
    /// </summary>
    private static void WarmUp(DiffusionPipeline pipeline)
    {
        if (!pipeline.Model.Unet.IsInpainting)
        {
            pipeline.Generate(new GenerationRequest { Prompt = "", Width = EngineOptions.DefaultSize, Height = EngineOptions.DefaultSize, Steps = 1, Sampler = "euler" });
        }
    }

    public void Dispose()
    {
        Upscalers.Dispose();
        Loras.Dispose();
        Models.Dispose();
        Catalog.Dispose();
    }

    /// <summary>Whether <paramref name="model"/> (the default when null) is loaded in this process now.</summary>
    public bool IsOpen(string? model) => Models.Loaded.Contains(string.IsNullOrEmpty(model) ? _options.DefaultModel : model);
}

using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Chat.Jobs;

/// <summary>One pipeline per model per process, opened once and kept (the GPU-resident part).</summary>
public sealed class PipelineHost : IDisposable
{
    private readonly EngineOptions _options;
    private readonly ILogger<PipelineHost> _logger;
    private readonly Dictionary<string, DiffusionPipeline> _pipelines = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public PipelineHost(IOptions<EngineOptions> options, ISessionFactory sessions, ILogger<PipelineHost> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        Catalog = new ModelCatalog(_options.ModelsPath, sessions, logger);
    }

    public ModelCatalog Catalog { get; }

    public EngineOptions Options => _options;

    public DiffusionPipeline For(string? model)
    {
        var name = string.IsNullOrEmpty(model) ? _options.DefaultModel : model;
        lock (_gate)
        {
            if (!_pipelines.TryGetValue(name, out var pipeline))
            {
                pipeline = new DiffusionPipeline(Catalog.Open(name), _options, _logger);
                _pipelines[name] = pipeline;
            }

            return pipeline;
        }
    }

    /// <summary>Whether <paramref name="model"/> (the default when null) is open in this process.</summary>
    public bool IsOpen(string? model)
    {
        lock (_gate)
        {
            return _pipelines.ContainsKey(string.IsNullOrEmpty(model) ? _options.DefaultModel : model);
        }
    }

    public void Dispose() => Catalog.Dispose();
}

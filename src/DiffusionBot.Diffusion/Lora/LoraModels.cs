using System.Diagnostics;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Residency;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>
/// Models with a LoRA set merged in, one session set per (model, LoRA set): built on first use, at
/// most <see cref="EngineOptions.MaxLoraSessions"/> kept, the least recently used idle one disposed
/// first and none disposed under an open lease. A request without LoRAs never comes here.
/// </summary>
public sealed class LoraModels : IDisposable
{
    private readonly ModelCatalog _catalog;
    private readonly ISessionFactory _sessions;
    private readonly LoraLibrary _library;
    private readonly EngineOptions _options;
    private readonly Func<StableDiffusionModel, DiffusionPipeline> _createPipeline;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Entry> _loaded = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Lock _loadGate = new();
    private long _clock;

    public LoraModels(ModelCatalog catalog, ISessionFactory sessions, EngineOptions options, Func<StableDiffusionModel, DiffusionPipeline> createPipeline, ILogger? logger = null)
    {
        _catalog = catalog;
        _sessions = sessions;
        _options = options;
        _library = new LoraLibrary(options.LorasPath);
        _createPipeline = createPipeline;
        _logger = logger ?? NullLogger.Instance;
    }

    public LoraLibrary Library => _library;

    /// <summary>The cached (model, LoRA set) keys, most recently used first.</summary>
    public IReadOnlyList<string> Loaded
    {
        get
        {
            lock (_gate)
            {
                return [.. _loaded.OrderByDescending(e => e.Value.LastUsed).Select(e => e.Key)];
            }
        }
    }

    /// <summary>A lease on <paramref name="model"/> with <paramref name="loras"/> merged; a <see cref="LoraException"/> for a name or file that cannot be used.</summary>
    public ModelLease Acquire(string model, IReadOnlyList<LoraSpec> loras)
    {
        var folder = _catalog.FolderOf(model);
        var key = Path.GetFileName(folder) + "|" + LoraSpec.KeyOf(loras);
        if (TryLease(key) is { } lease)
        {
            return lease;
        }

        lock (_loadGate)
        {
            if (TryLease(key) is { } meanwhile)
            {
                return meanwhile;
            }

            var clock = Stopwatch.StartNew();
            var (opened, applied) = Open(folder, loras);
            DiffusionPipeline pipeline;
            try
            {
                pipeline = _createPipeline(opened);
                pipeline.Loras = applied;
            }
            catch
            {
                opened.Dispose();
                throw;
            }

            lock (_gate)
            {
                var entry = new Entry(pipeline) { Leases = 1, LastUsed = ++_clock };
                _loaded[key] = entry;
                Evict();
                _logger.LoraSessionsCreated(key, clock.ElapsedMilliseconds, _loaded.Count);
                return new ModelLease(pipeline, () => Release(entry));
            }
        }
    }

    /// <summary>Opens the model with each part's LoRA modules merged into its weights (initializer overrides).</summary>
    public (StableDiffusionModel Model, IReadOnlyList<AppliedLora> Applied) Open(string folder, IReadOnlyList<LoraSpec> loras)
    {
        var files = _library.Load(folder, loras, _options.MaxLorasPerRequest);
        IReadOnlyList<AppliedLora> applied = [.. files.Select(f => new AppliedLora(f.Lora.Name, f.Weight, f.Lora.ShortHash))];
        var overrides = new Dictionary<string, InitializerOverrides>(StringComparer.Ordinal);
        var factory = new OverridingSessionFactory(_sessions, overrides);
        try
        {
            foreach (var (part, partFolder) in new[] { (LoraPart.Unet, "unet"), (LoraPart.TextEncoder, "text_encoder"), (LoraPart.TextEncoder2, "text_encoder_2") })
            {
                if (!files.Any(f => f.Lora.Modules.Any(m => m.Part == part)))
                {
                    continue;
                }

                var path = Path.GetFullPath(Path.Combine(folder, partFolder, "model.onnx"));
                var merged = LoraMerger.Merge(ModuleWeightMap.Read(path), part, files);
                if (merged.Count == 0)
                {
                    merged.Dispose();
                    continue;
                }

                overrides[path] = merged;
            }

            return (StableDiffusionModel.Open(folder, factory, _logger, _catalog.Embeddings), applied);
        }
        finally
        {
            factory.DisposeUnused();
        }
    }

    private ModelLease? TryLease(string key)
    {
        lock (_gate)
        {
            if (!_loaded.TryGetValue(key, out var entry))
            {
                return null;
            }

            entry.Leases++;
            entry.LastUsed = ++_clock;
            return new ModelLease(entry.Pipeline, () => Release(entry));
        }
    }

    private void Release(Entry entry)
    {
        lock (_gate)
        {
            entry.Leases--;
            entry.LastUsed = ++_clock;
            Evict();
        }
    }

    private void Evict()
    {
        while (_loaded.Count > _options.MaxLoraSessions)
        {
            var victim = _loaded.Where(e => e.Value.Leases == 0).OrderBy(e => e.Value.LastUsed).Select(e => e.Key).FirstOrDefault();
            if (victim is null)
            {
                return;
            }

            _loaded.Remove(victim, out var entry);
            entry!.Pipeline.Model.Dispose();
            NativeHeap.Trim();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _loaded.Values)
            {
                entry.Pipeline.Model.Dispose();
            }

            _loaded.Clear();
        }
    }

    private sealed class Entry(DiffusionPipeline pipeline)
    {
        public DiffusionPipeline Pipeline { get; } = pipeline;

        public int Leases { get; set; }

        public long LastUsed { get; set; }
    }
}

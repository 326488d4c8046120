using System.Diagnostics;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DiffusionBot.Diffusion.Residency;

/// <summary>
/// The models in memory: each loaded on first use and warmed, at most <see cref="ResidencyLimits"/> kept, the least
/// recently used idle one unloaded first (its sessions disposed). A model with an open <see cref="ModelLease"/> is
/// never unloaded; when every loaded model is in use the limit is exceeded until a lease is released.
/// </summary>
public sealed class ResidentModels : IDisposable
{
    private readonly ModelCatalog _catalog;
    private readonly ResidencyLimits _limits;
    private readonly Func<StableDiffusionModel, DiffusionPipeline> _createPipeline;
    private readonly Action<DiffusionPipeline>? _warmUp;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ResidentModel> _loaded = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    private readonly Lock _loadGate = new();
    private long _clock;
    private bool _disposed;

    /// <param name="warmUp">Runs once after each load (the host warms at the served default size).</param>
    public ResidentModels(ModelCatalog catalog, ResidencyLimits limits, Func<StableDiffusionModel, DiffusionPipeline> createPipeline, Action<DiffusionPipeline>? warmUp = null, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxModels, 1);
        _catalog = catalog;
        _limits = limits;
        _createPipeline = createPipeline;
        _warmUp = warmUp;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Names of the loaded models, most recently used first.</summary>
    public IReadOnlyList<string> Loaded
    {
        get
        {
            lock (_gate)
            {
                return [.. _loaded.Values.OrderByDescending(m => m.LastUsed).Select(m => m.Name)];
            }
        }
    }

    /// <summary>A lease on model <paramref name="name"/>, loading and warming it first when it is not loaded.</summary>
    public ModelLease Acquire(string name)
    {
        if (TryLease(name) is { } lease)
        {
            return lease;
        }

        lock (_loadGate)
        {
            if (TryLease(name) is { } loadedMeanwhile)
            {
                return loadedMeanwhile;
            }

            var folder = _catalog.FolderOf(name);
            var bytes = WeightBytes(folder);
            lock (_gate)
            {
                // Unload first: on a GPU the new model may not fit beside the one it replaces.
                UnloadIdle(extraModels: 1, extraBytes: bytes);
            }

            var clock = Stopwatch.StartNew();
            var model = _catalog.Load(name);
            ResidentModel resident;
            try
            {
                var pipeline = _createPipeline(model);
                _warmUp?.Invoke(pipeline);
                resident = new ResidentModel(model.Name, model, pipeline, bytes);
            }
            catch
            {
                model.Dispose();
                throw;
            }

            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                resident.Leases = 1;
                resident.LastUsed = ++_clock;
                _loaded[resident.Name] = resident;
                UnloadIdle(extraModels: 0, extraBytes: 0);
                _logger.ModelLoaded(resident.Name, clock.ElapsedMilliseconds, _loaded.Count);
                return new ModelLease(this, resident);
            }
        }
    }

    internal void Release(ResidentModel model)
    {
        lock (_gate)
        {
            model.Leases--;
            model.LastUsed = ++_clock;
            if (model.Leases == 0)
            {
                UnloadIdle(extraModels: 0, extraBytes: 0);
            }
        }
    }

    private ModelLease? TryLease(string name)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_loaded.TryGetValue(name, out var model))
            {
                return null;
            }

            model.Leases++;
            model.LastUsed = ++_clock;
            return new ModelLease(this, model);
        }
    }

    /// <summary>Unloads idle models, least recently used first, until the loaded ones plus the extra fit the limits.</summary>
    private void UnloadIdle(int extraModels, long extraBytes)
    {
        while (!_limits.Allows(_loaded.Count + extraModels, _loaded.Values.Sum(m => m.Bytes) + extraBytes))
        {
            var victim = _loaded.Values.Where(m => m.Leases == 0).MinBy(m => m.LastUsed);
            if (victim is null)
            {
                _logger.ModelsOverLimit(_loaded.Count, _limits.MaxModels, _limits.BudgetBytes);
                return;
            }

            _loaded.Remove(victim.Name);
            victim.Model.Dispose();
            NativeHeap.Trim();
            _logger.ModelUnloaded(victim.Name, _loaded.Count);
        }
    }

    /// <summary>The bytes of a model folder's ONNX files and external weights: what loading it puts in memory.</summary>
    public static long WeightBytes(string folder) => Directory
        .EnumerateFiles(folder, "*", SearchOption.AllDirectories)
        .Where(f => f.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".onnx_data", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".pb", StringComparison.OrdinalIgnoreCase))
        .Sum(f => new FileInfo(f).Length);

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var model in _loaded.Values)
            {
                model.Model.Dispose();
            }

            _loaded.Clear();
        }
    }
}

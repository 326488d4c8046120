using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Residency;

/// <summary>
/// A running job's hold on a loaded model: while any lease is open the model is never unloaded. Dispose it when the
/// job is done with the pipeline (disposing twice releases once).
/// </summary>
public sealed class ModelLease : IDisposable
{
    private readonly Action _release;
    private int _released;

    internal ModelLease(ResidentModels owner, ResidentModel model)
        : this(model.Pipeline, () => owner.Release(model))
    {
    }

    /// <summary>A lease on any cached pipeline (a model with LoRAs merged): <paramref name="release"/> runs once.</summary>
    internal ModelLease(DiffusionPipeline pipeline, Action release)
    {
        Pipeline = pipeline;
        _release = release;
    }

    public DiffusionPipeline Pipeline { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _release();
        }
    }
}

using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Residency;

/// <summary>
/// A running job's hold on a loaded model: while any lease is open the model is never unloaded. Dispose it when the
/// job is done with the pipeline (disposing twice releases once).
/// </summary>
public sealed class ModelLease : IDisposable
{
    private readonly ResidentModels _owner;
    private readonly ResidentModel _model;
    private int _released;

    internal ModelLease(ResidentModels owner, ResidentModel model)
    {
        _owner = owner;
        _model = model;
    }

    public DiffusionPipeline Pipeline => _model.Pipeline;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _owner.Release(_model);
        }
    }
}

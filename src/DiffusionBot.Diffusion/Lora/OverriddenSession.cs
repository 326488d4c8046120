using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>A session that owns the initializer overrides it reads from, and frees them after itself.</summary>
internal sealed class OverriddenSession(string modelPath, SessionOptions options, InitializerOverrides overrides)
    : InferenceSession(modelPath, options)
{
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            overrides.Dispose();
        }
    }
}

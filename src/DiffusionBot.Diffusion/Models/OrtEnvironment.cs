using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// ONNX Runtime's process-wide environment, logging only fatal errors: a missing CUDA library is
/// reported by <see cref="SessionFactory"/> in one line, not as native error output.
/// </summary>
internal static class OrtEnvironment
{
    private static readonly Lazy<OrtEnv> Instance = new(() =>
    {
        var env = OrtEnv.Instance();
        env.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
        return env;
    });

    public static OrtEnv Get() => Instance.Value;
}

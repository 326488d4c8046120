using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// Creates ONNX Runtime's process-wide environment once, logging only fatal errors: a missing CUDA
/// library is reported by <see cref="SessionFactory"/> in one line, not as native error spew.
/// </summary>
internal static class OrtEnvironment
{
    private static readonly Lazy<OrtEnv> Instance = new(() =>
    {
        var options = new EnvironmentCreationOptions { logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL, logId = "DiffusionBot" };
        return OrtEnv.CreateInstanceWithOptions(ref options);
    });

    public static OrtEnv Get() => Instance.Value;
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// Chooses the execution provider once: CUDA when asked for (<c>cuda</c>) or available
/// (<c>auto</c>), otherwise the CPU.
/// </summary>
public sealed class SessionFactory : ISessionFactory
{
    private readonly bool _useCuda;
    private readonly int _deviceId;

    public SessionFactory(string device, int deviceId = 0, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        _deviceId = deviceId;
        switch (device.ToLowerInvariant())
        {
            case "cpu":
                _useCuda = false;
                break;
            case "cuda":
                ProbeCuda(deviceId);
                _useCuda = true;
                break;
            case "auto":
                _useCuda = TryProbeCuda(deviceId, out var reason);
                if (!_useCuda)
                {
                    logger.CudaUnavailable(reason);
                }

                break;
            default:
                throw new ArgumentException($"Diffusion:Device must be auto, cuda or cpu, not '{device}'.", nameof(device));
        }

        ProviderName = _useCuda ? "CUDA" : "CPU";
    }

    public string ProviderName { get; }

    public InferenceSession Open(string modelPath)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        try
        {
            if (_useCuda)
            {
                options.AppendExecutionProvider_CUDA(_deviceId);
            }

            return new InferenceSession(modelPath, options);
        }
        finally
        {
            options.Dispose();
        }
    }

    private static bool TryProbeCuda(int deviceId, out string reason)
    {
        try
        {
            ProbeCuda(deviceId);
            reason = "";
            return true;
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            reason = FirstLine(e.Message);
            return false;
        }
    }

    private static void ProbeCuda(int deviceId)
    {
        if (!OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
        {
            throw new OnnxRuntimeException(ErrorCode.Fail, "this ONNX Runtime build has no CUDA execution provider");
        }

        using var options = new SessionOptions();
        options.AppendExecutionProvider_CUDA(deviceId);
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}

using DiffusionBot.Diffusion.Device;
using DiffusionBot.Diffusion.Lora;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// Chooses the execution provider once: CUDA when asked for (<c>cuda</c>) or available
/// (<c>auto</c>), otherwise the CPU. Sessions run on the process-wide intra-op pool that
/// <see cref="CpuOptions"/> sizes, with one inter-op thread and spinning as configured.
/// </summary>
public sealed class SessionFactory : ISessionFactory
{
    private readonly bool _useCuda;
    private readonly int _deviceId;
    private readonly CudaOptions _cuda;
    private readonly CpuOptions _cpu;

    public SessionFactory(string device, int deviceId = 0, ILogger? logger = null, CudaOptions? cuda = null, CpuOptions? cpu = null)
    {
        _cuda = cuda ?? new CudaOptions();
        logger ??= NullLogger.Instance;
        _cpu = cpu ?? new CpuOptions();
        _cpu.Validate();
        OrtEnvironment.Get(_cpu);
        _deviceId = deviceId;
        switch (device.ToLowerInvariant())
        {
            case "cpu":
                _useCuda = false;
                break;
            case "cuda":
                _useCuda = true;
                if (CudaProblem(deviceId) is { } problem)
                {
                    throw new InvalidOperationException($"Diffusion:Device is cuda, but CUDA cannot be used: {problem}");
                }

                break;
            case "auto":
                var reason = CudaProblem(deviceId);
                _useCuda = reason is null;
                if (reason is not null)
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

    public int DeviceId => _deviceId;

    public bool CapturesUnetGraph => _useCuda && _cuda.EnableCudaGraph;

    public InferenceSession Open(string modelPath)
    {
        var isUnet = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(modelPath))) == "unet";
        using var options = CreateOptions(isUnet);
        return new InferenceSession(modelPath, options);
    }

    public InferenceSession Open(byte[] model)
    {
        using var options = CreateOptions(isUnet: false);
        return new InferenceSession(model, options);
    }

    /// <summary>
    /// Opens <paramref name="modelPath"/> with some initializers replaced (merged LoRA weights); the
    /// session owns <paramref name="overrides"/>. At ORT_ENABLE_ALL the output is far from a model
    /// with the same weights baked in (ORT 1.31, CPU: max difference 1.44 at scale 1.65), so these
    /// sessions stop at ORT_ENABLE_EXTENDED, which matches to 3e-6 (LoraMergeTests measures both).
    /// </summary>
    public InferenceSession Open(string modelPath, InitializerOverrides overrides, GraphOptimizationLevel level = GraphOptimizationLevel.ORT_ENABLE_EXTENDED)
    {
        var isUnet = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(modelPath))) == "unet";
        using var options = CreateOptions(isUnet, level);
        overrides.AddTo(options);
        return new OverriddenSession(modelPath, options, overrides);
    }

    private SessionOptions CreateOptions(bool isUnet, GraphOptimizationLevel level = GraphOptimizationLevel.ORT_ENABLE_ALL)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = level,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        try
        {
            ApplyThreading(options);
            if (_cpu.DisablePrepacking)
            {
                options.AddSessionConfigEntry("session.disable_prepacking", "1");
            }

            if (!_useCuda)
            {
                return options;
            }

            using var cuda = new OrtCUDAProviderOptions();
            cuda.UpdateOptions(_cuda.ProviderOptions(_deviceId, isUnet));
            options.AppendExecutionProvider_CUDA(cuda);
            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    private void ApplyThreading(SessionOptions options)
    {
        if (_cpu.OrtDefaults)
        {
            return;
        }

        options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
        options.InterOpNumThreads = 1;
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", _cpu.AllowSpinning ? "1" : "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", _cpu.AllowSpinning ? "1" : "0");
        if (OrtEnvironment.HasGlobalThreadPool)
        {
            options.DisablePerSessionThreads();
        }
        else
        {
            options.IntraOpNumThreads = _cpu.ResolvedIntraOpThreads();
        }
    }

    /// <summary>Why the CUDA provider cannot be used, or null when it can.</summary>
    private static string? CudaProblem(int deviceId)
    {
        if (!OrtEnvironment.Get().GetAvailableProviders().Contains("CUDAExecutionProvider"))
        {
            return "this ONNX Runtime build has no CUDA execution provider";
        }

        try
        {
            using var options = new SessionOptions();
            options.AppendExecutionProvider_CUDA(deviceId);
            return null;
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            return ErrorText.FirstLine(e.Message);
        }
    }

}

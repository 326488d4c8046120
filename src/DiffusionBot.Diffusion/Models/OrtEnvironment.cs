using DiffusionBot.Diffusion.Forge;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// ONNX Runtime's process-wide environment, logging only fatal errors (a missing CUDA library is
/// reported by <see cref="SessionFactory"/> in one line, not as native error output), with a global
/// intra-op thread pool that sessions share. The first caller's thread settings apply to the process.
/// </summary>
internal static class OrtEnvironment
{
    private static readonly Lock Gate = new();
    private static OrtEnv? _env;

    /// <summary>True when the environment has the shared pool, so sessions may disable their own.</summary>
    public static bool HasGlobalThreadPool { get; private set; }

    /// <summary>The shared pool's intra-op threads (0 when there is no shared pool).</summary>
    public static int GlobalIntraOpThreads { get; private set; }

    public static OrtEnv Get() => Get(new CpuOptions());

    public static OrtEnv Get(CpuOptions cpu)
    {
        lock (Gate)
        {
            return _env ??= Create(cpu);
        }
    }

    private static OrtEnv Create(CpuOptions cpu)
    {
        if (OrtEnv.IsCreated)
        {
            // Someone else created it first (without our pool): sessions keep their own pools.
            var existing = OrtEnv.Instance();
            existing.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
            return existing;
        }

        using var threading = new OrtThreadingOptions
        {
            GlobalIntraOpNumThreads = cpu.ResolvedIntraOpThreads(),
            GlobalInterOpNumThreads = 1,
            GlobalSpinControl = cpu.AllowSpinning,
        };
        var options = new EnvironmentCreationOptions
        {
            logId = "DiffusionBot",
            logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
            threadOptions = threading,
        };
        var env = OrtEnv.CreateInstanceWithOptions(ref options);

        // Code that touches ONNX Runtime without this class (a session or OrtValue made elsewhere) may have created the
        // default environment between the check above and this call, and then ours was ignored; only a session that
        // asks for the shared pool can tell.
        HasGlobalThreadPool = SharedPoolServesSessions();
        GlobalIntraOpThreads = HasGlobalThreadPool ? cpu.ResolvedIntraOpThreads() : 0;
        return env;
    }

    private static bool SharedPoolServesSessions()
    {
        var graph = new OnnxGraphBuilder("thread_pool_probe");
        var x = graph.Input("x", DataType.Float, 1);
        graph.Output("y", graph.Node("Identity", [x]), DataType.Float, 1);
        using var options = new SessionOptions();
        options.DisablePerSessionThreads();
        try
        {
            using var session = new InferenceSession(graph.Build().ToByteArray(), options);
            return true;
        }
        catch (OnnxRuntimeException)
        {
            return false;
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using DiffusionBot.Benchmarks.Reporting;
using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Device;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.Benchmarks.Engine;

/// <summary>
/// <c>engine-arch</c>: SD 1.5's or SDXL's real architecture at 1/N width (forged unless a folder is given),
/// 20 steps with CFG. The pipeline's wall time is set against its floor, the ONNX Runtime calls the
/// request needs (each text encoder ×2, UNet at batch 2 once per evaluation the request made, VAE decode ×1) timed in the same
/// process with the same session options, for the tuned CPU threading and ONNX Runtime's defaults side by side.
/// The model's default sampler is PNDM, which like diffusers' evaluates the UNet 21 times for 20 steps (PLMS repeats
/// its second timestep), so the floor counts the evaluations, not the steps.
/// </summary>
internal static class EngineArchBenchmark
{
    public const string Verb = "engine-arch";
    public const string Usage = "DiffusionBot.Benchmarks engine-arch --json FILE [--arch sd15|sdxl] [--width-div 4] [--size 256 (sdxl: 512)] [--steps 20] [--repeats 11] [--model-folder DIR] [--device cpu|cuda] [--cuda-graph false|true] [--floor true|false] [--prepack true|false]";

    private const double FloorRatioTarget = 1.03;
    private const int TokenCount = 77;

    public static int Run(IReadOnlyList<string> args)
    {
        var options = Options(args);
        if (options is null || !options.TryGetValue("json", out var json))
        {
            Console.Error.WriteLine(Usage);
            return Verdict.Usage;
        }

        var arch = options.GetValueOrDefault("arch") ?? Sd15ModelForge.ArchitectureName;
        if (arch != Sd15ModelForge.ArchitectureName && arch != SdxlModelForge.ArchitectureName)
        {
            Console.Error.WriteLine(Usage);
            return Verdict.Usage;
        }

        var divisor = Number(options, "width-div", 4);
        var size = Number(options, "size", arch == SdxlModelForge.ArchitectureName ? 512 : 256);
        var withFloor = options.GetValueOrDefault("floor") != "false";
        var cpu = new CpuOptions { DisablePrepacking = options.GetValueOrDefault("prepack") == "false" };
        var steps = Number(options, "steps", 20);
        var repeats = Number(options, "repeats", 11);
        var device = options.GetValueOrDefault("device") ?? "cpu";
        var cudaGraph = options.GetValueOrDefault("cuda-graph") == "true";
        var forged = options.ContainsKey("model-folder") ? null : Directory.CreateTempSubdirectory("diffusionbot-arch-");
        try
        {
            var folder = options.GetValueOrDefault("model-folder") ?? Path.Combine(forged!.FullName, arch);
            var forgeSeconds = 0.0;
            if (forged is not null)
            {
                var start = Stopwatch.GetTimestamp();
                if (arch == SdxlModelForge.ArchitectureName)
                {
                    SdxlModelForge.Write(folder, divisor);
                }
                else
                {
                    Sd15ModelForge.Write(folder, divisor);
                }

                forgeSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }

            var modes = new List<ArchModeReport>();
            var targets = new List<Target>();
            if (!withFloor)
            {
                // A full-size model once, without the floor's second set of sessions (SDXL's would not fit twice in 24 GiB).
                modes.Add(Measure(cpu.DisablePrepacking ? "tuned, no prepacking" : "tuned", cpu.ResolvedIntraOpThreads(), new SessionFactory(device, cpu: cpu), null, folder, size, steps, repeats, null, withFloor: false));
            }
            else if (device == "cpu")
            {
                // Tuned first: it creates the process-wide environment with the shared pool; the defaults' sessions keep their own pools.
                var tuned = Measure("tuned", new CpuOptions().ResolvedIntraOpThreads(), new SessionFactory("cpu", cpu: new CpuOptions()), new SessionFactory("cpu", cpu: new CpuOptions()), folder, size, steps, repeats, targets);
                var defaults = Measure("ort-defaults", 0, new SessionFactory("cpu", cpu: new CpuOptions { OrtDefaults = true }), null, folder, size, steps, repeats, null);
                modes.AddRange([tuned, defaults]);
                targets.Add(Target.AtMost("tuned / ORT-default pipeline wall", tuned.PipelineSeconds / defaults.PipelineSeconds, 1.0, "x"));
            }
            else
            {
                // The floor's plain Run cannot replay a CUDA graph (that needs bound tensors), so it runs without one.
                var name = cudaGraph ? $"{device}+cuda-graph" : device;
                var pipelineSessions = new SessionFactory(device, cuda: new CudaOptions { EnableCudaGraph = cudaGraph });
                modes.Add(Measure(name, 0, pipelineSessions, new SessionFactory(device), folder, size, steps, repeats, targets));
            }

            var modelBytes = Directory.GetFiles(folder, "*.onnx*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            var peakRss = Process.GetCurrentProcess().PeakWorkingSet64;
            var report = new EngineArchReport(Verb, DateTimeOffset.UtcNow, MachineReport.Current(), forged is null ? folder : $"{arch} width/{divisor} (forged)",
                forgeSeconds, size, steps, repeats, modes, modelBytes, peakRss, targets, Verdict.Met(targets));
            ReportFile.Write(report, BenchmarkJsonContext.Default.EngineArchReport, json);
            foreach (var mode in report.Modes)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{mode.Name} ({mode.Provider}): pipeline {mode.PipelineSeconds:0.000} s, floor {mode.FloorSeconds:0.000} s (UNet {mode.UnetMs:0.0} ms × {mode.UnetCallsPerRequest}), load {mode.LoadSeconds:0.00} s, intra-op {mode.IntraOpThreads}"));
                var step = mode.StepOverhead;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  per-step overhead outside ORT over {step.Samples} steps: median {step.MedianOverheadMs:0.000} ms ({step.MedianOverheadPercentOfOrt:0.00} %), p99 {step.P99OverheadMs:0.000} ms ({step.P99OverheadPercentOfOrt:0.00} %); copies per step {step.CopiesPerStep:0.##}"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak RSS {peakRss / 1e6:0} MB, model files {modelBytes / 1e6:0} MB"));
            return Verdict.Report(targets, json);
        }
        finally
        {
            forged?.Delete(recursive: true);
        }
    }

    /// <summary>Measures one mode; where <paramref name="targets"/> is given, adds this mode's targets to it.</summary>
    private static ArchModeReport Measure(string name, int threads, SessionFactory sessions, SessionFactory? floorSessions, string folder, int size, int steps, int repeats, List<Target>? targets, bool withFloor = true)
    {
        var loadStart = Stopwatch.GetTimestamp();
        using var model = StableDiffusionModel.Open(folder, sessions);
        var load = Stopwatch.GetElapsedTime(loadStart).TotalSeconds;
        var pipeline = new DiffusionPipeline(model, new EngineOptions { MaxPixels = Math.Max(EngineOptions.DefaultMaxPixels, size * size) });
        var request = new GenerationRequest { Prompt = "a photo of a cat", NegativePrompt = "blurry", Width = size, Height = size, Steps = steps, GuidanceScale = 7.5f };
        using var floor = withFloor ? new OrtFloor(floorSessions ?? sessions, folder, size) : null;
        var recorder = new StepRecorder(model.Unet, (2 * steps) + 2);

        pipeline.Generate(request with { Seed = 0, Steps = Math.Min(2, steps) }, recorder.Handler);
        floor?.Run(2);
        var wall = new List<double>();
        var floors = new List<double>();
        var unet = new List<double>();
        var overheadMs = new List<double>();
        var ortMs = new List<double>();
        long stepsRun = 0;
        var unetCalls = 0;
        model.Unet.Transfers.Reset();
        for (var i = 0; i < repeats; i++)
        {
            recorder.Reset();
            var start = Stopwatch.GetTimestamp();
            pipeline.Generate(request with { Seed = 100 + i }, recorder.Handler);
            wall.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            recorder.AddStepSamples(overheadMs, ortMs);
            stepsRun += recorder.Count;
            unetCalls = recorder.Count;
            if (floor is not null)
            {
                var (total, perStep) = floor.Run(unetCalls);
                floors.Add(total);
                unet.Add(perStep * 1000);
            }
        }

        var stepOverhead = StepOverheadReport.Of(overheadMs, ortMs, stepsRun, model.Unet.Transfers);
        var report = new ArchModeReport(name, model.ProviderName, threads, load, Median(wall), floors.Count == 0 ? 0 : Median(floors), unet.Count == 0 ? 0 : Median(unet), unetCalls, stepOverhead, wall, floors);
        targets?.Add(Target.AtMost($"{name}: pipeline wall / floor", report.PipelineSeconds / report.FloorSeconds, FloorRatioTarget, "x"));
        targets?.AddRange(StepOverheadReport.Targets($"{name}: ", overheadMs, ortMs, stepOverhead));
        return report;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static Dictionary<string, string>? Options(IReadOnlyList<string> args)
    {
        string[] known = ["json", "arch", "width-div", "size", "steps", "repeats", "model-folder", "device", "cuda-graph", "floor", "prepack"];
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            var key = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : "";
            if (!known.Contains(key))
            {
                return null;
            }

            options[key] = args[i + 1];
        }

        return args.Count % 2 == 0 ? options : null;
    }

    private static int Number(Dictionary<string, string> options, string key, int fallback) =>
        options.TryGetValue(key, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The bare ONNX Runtime calls one CFG request makes, on sessions opened with the pipeline's options.</summary>
    private sealed class OrtFloor : IDisposable
    {
        private readonly List<InferenceSession> _text = [];
        private readonly InferenceSession _unet;
        private readonly InferenceSession _decoder;
        private readonly NamedOnnxValue[] _textInputs;
        private readonly List<NamedOnnxValue> _unetInputs;
        private readonly NamedOnnxValue[] _decoderInputs;

        public OrtFloor(ISessionFactory sessions, string folder, int size)
        {
            foreach (var encoder in new[] { "text_encoder", "text_encoder_2" })
            {
                if (File.Exists(Path.Combine(folder, encoder, "model.onnx")))
                {
                    _text.Add(sessions.Open(Path.Combine(folder, encoder, "model.onnx")));
                }
            }

            _unet = sessions.Open(Path.Combine(folder, "unet", "model.onnx"));
            _decoder = sessions.Open(Path.Combine(folder, "vae_decoder", "model.onnx"));
            var latent = size / 8;
            var hidden = _unet.InputMetadata["encoder_hidden_states"].Dimensions[2];
            _textInputs = [NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<int>(Enumerable.Repeat(49407, TokenCount).ToArray(), [1, TokenCount]))];
            _unetInputs =
            [
                Filled(_unet, "sample", 0.1f, 2, 4, latent, latent),
                Filled(_unet, "timestep", 500f, 2),
                Filled(_unet, "encoder_hidden_states", 0.1f, 2, TokenCount, hidden),
            ];
            if (_unet.InputMetadata.TryGetValue("text_embeds", out var pooled))
            {
                // SDXL's added conditioning: the pooled prompt and the six size/crop numbers.
                _unetInputs.Add(Filled(_unet, "text_embeds", 0.1f, 2, pooled.Dimensions[1]));
                _unetInputs.Add(Filled(_unet, "time_ids", 512f, 2, 6));
            }

            _decoderInputs = [Filled(_decoder, "latent_sample", 0.1f, 1, 4, latent, latent)];
        }

        /// <summary>Total seconds for text ×2, UNet ×<paramref name="unetCalls"/>, decode ×1, and the UNet's seconds per call.</summary>
        public (double Total, double UnetPerStep) Run(int unetCalls)
        {
            var start = Stopwatch.GetTimestamp();
            foreach (var encoder in _text)
            {
                for (var i = 0; i < 2; i++)
                {
                    using var text = encoder.Run(_textInputs);
                }
            }

            var unetStart = Stopwatch.GetTimestamp();
            for (var i = 0; i < unetCalls; i++)
            {
                using var noise = _unet.Run(_unetInputs);
            }

            var unetSeconds = Stopwatch.GetElapsedTime(unetStart).TotalSeconds;
            using (var image = _decoder.Run(_decoderInputs))
            {
            }

            return (Stopwatch.GetElapsedTime(start).TotalSeconds, unetSeconds / unetCalls);
        }

        public void Dispose()
        {
            _text.ForEach(t => t.Dispose());
            _unet.Dispose();
            _decoder.Dispose();
        }

        /// <summary>An input of <paramref name="session"/> filled with <paramref name="value"/>, in the type the session declares (float32 or float16).</summary>
        private static NamedOnnxValue Filled(InferenceSession session, string name, float value, params int[] dims)
        {
            if (session.InputMetadata[name].ElementDataType == TensorElementType.Float16)
            {
                var half = new DenseTensor<Float16>(dims);
                half.Fill(new Float16(BitConverter.HalfToUInt16Bits((Half)value)));
                return NamedOnnxValue.CreateFromTensor(name, half);
            }

            var tensor = new DenseTensor<float>(dims);
            tensor.Fill(value);
            return NamedOnnxValue.CreateFromTensor(name, tensor);
        }
    }
}

/// <summary>One CPU threading mode's figures (medians over the repeats; seconds unless named ms).</summary>
internal sealed record ArchModeReport(string Name, string Provider, int IntraOpThreads, double LoadSeconds, double PipelineSeconds, double FloorSeconds, double UnetMs, int UnetCallsPerRequest,
    StepOverheadReport StepOverhead, IReadOnlyList<double> PipelineSecondsEach, IReadOnlyList<double> FloorSecondsEach);

internal sealed record EngineArchReport(string Benchmark, DateTimeOffset TakenAt, MachineReport Machine, string Model, double ForgeSeconds, int Size, int Steps,
    int Repeats, IReadOnlyList<ArchModeReport> Modes, long ModelBytes, long PeakRssBytes, IReadOnlyList<Target> Targets, bool AllTargetsMet);

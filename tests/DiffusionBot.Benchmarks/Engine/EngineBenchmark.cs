using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using DiffusionBot.Benchmarks.Reporting;
using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Benchmarks.Engine;

/// <summary>
/// The <c>engine</c> verb: runs the real <see cref="DiffusionPipeline"/> and measures what the
/// pipeline itself costs per denoising step (time outside ONNX Runtime's <c>Run</c>, managed
/// allocations), end-to-end seconds per image, and whether process memory stays flat.
/// </summary>
internal static class EngineBenchmark
{
    private const int MinimumWarmupGenerations = 3;

    /// <summary>Warm-up lasts at least this long as well.</summary>
    /// <remarks>
    /// Tiered compilation promotes the hot loops only after their call counts settle (100 ms without new
    /// tier-0 code, then a background compile); a demo generation takes tens of milliseconds, so a fixed
    /// handful of generations measured tier-0 code.
    /// </remarks>
    private static readonly TimeSpan MinimumWarmup = TimeSpan.FromSeconds(2);
    private const float Guidance = 7.5f;
    private const string Prompt = "red circle";
    private const double AllocationTargetBytes = 4096;
    private const double MemoryTargetPercent = 5;

    public static int Run(EngineArguments arguments)
    {
        var forged = arguments.ModelFolder is null ? Directory.CreateTempSubdirectory("diffusionbot-bench-") : null;
        try
        {
            var folder = arguments.ModelFolder ?? Path.Combine(forged!.FullName, DemoModelForge.DefaultFolderName);
            if (forged is not null)
            {
                DemoModelForge.Write(folder);
            }

            using var model = StableDiffusionModel.Open(folder, new SessionFactory(arguments.Device));
            var options = new EngineOptions { MaxPixels = Math.Max(EngineOptions.DefaultMaxPixels, arguments.Size * arguments.Size) };
            var pipeline = new DiffusionPipeline(model, options);
            var report = Measure(pipeline, arguments, forged is null ? folder : "demo (forged by DemoModelForge)");
            WriteJson(report, arguments.JsonPath);
            EngineSummary.Print(report, arguments.JsonPath);
            return Verdict.Report(report.Targets, arguments.JsonPath);
        }
        finally
        {
            forged?.Delete(recursive: true);
        }
    }

    private static EngineReport Measure(DiffusionPipeline pipeline, EngineArguments arguments, string modelLabel)
    {
        var unet = pipeline.Model.Unet;
        var recorder = new StepRecorder(unet, (2 * arguments.Steps) + 2);
        var request = Request(arguments.Size, arguments.Steps, seed: 0);
        var sampler = "";
        var warmups = WarmUp(i =>
        {
            recorder.Reset();
            sampler = pipeline.Generate(request with { Seed = i }, recorder.Handler).Sampler;
        });

        var evaluations = recorder.Count;
        var overhead = new List<double>();
        var ortMs = new List<double>();
        var allocated = new List<long>();
        var seconds = new List<double>();
        long stepsRun = 0;
        unet.Transfers.Reset();
        for (var i = 0; i < arguments.Repeats; i++)
        {
            recorder.Reset();
            var start = Stopwatch.GetTimestamp();
            pipeline.Generate(request with { Seed = 100 + i }, recorder.Handler);
            seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            recorder.AddStepSamples(overhead, ortMs);
            recorder.AddAllocationDeltas(allocated);
            stepsRun += recorder.Count;
        }

        var stepOverhead = StepOverheadReport.Of(overhead, ortMs, stepsRun, unet.Transfers);
        var allocation = Percentile.Summarize(allocated.ConvertAll(b => (double)b), AllocationTargetBytes);
        var memory = MeasureMemory(pipeline, recorder, arguments.Generations, sampler);
        Target[] targets =
        [
            .. StepOverheadReport.Targets("", overhead, ortMs, stepOverhead),
            Target.AtMost("allocated bytes per step, median", allocation.Median, AllocationTargetBytes, "B"),
            Target.AtMost("process memory change over the loop, larger of working set and GC heap", Math.Max(Math.Abs(memory.WorkingSetChangePercent), Math.Abs(memory.GcHeapChangePercent)), MemoryTargetPercent, "%"),
        ];

        var speedSettings = new RunSettings(arguments.Size, arguments.Size, arguments.Steps, evaluations, Guidance, 1, sampler, warmups, arguments.Repeats);
        var secondsPerImage = Percentile.Summarize(seconds);
        return new EngineReport(
            "engine",
            DateTimeOffset.UtcNow,
            pipeline.Model.ProviderName,
            modelLabel,
            MachineReport.Current(),
            speedSettings,
            Percentile.Summarize(overhead),
            stepOverhead,
            allocation,
            secondsPerImage.Median,
            secondsPerImage,
            memory,
            targets,
            Verdict.Met(targets));
    }

    private static MemoryReport MeasureMemory(DiffusionPipeline pipeline, StepRecorder recorder, int generations, string sampler)
    {
        const int size = EngineArguments.MemoryLoopSize;
        const int steps = EngineArguments.MemoryLoopSteps;
        var request = Request(size, steps, seed: 0);
        var warmups = WarmUp(i =>
        {
            recorder.Reset();
            pipeline.Generate(request with { Seed = i }, recorder.Handler);
        });
        var evaluations = recorder.Count;

        var before = MemorySnapshot.Take();
        for (var i = 0; i < generations; i++)
        {
            pipeline.Generate(request with { Seed = 1000 + i });
        }

        var after = MemorySnapshot.Take();
        var workingSet = Change(before.WorkingSetBytes, after.WorkingSetBytes);
        var heap = Change(before.GcHeapBytes, after.GcHeapBytes);
        var settings = new RunSettings(size, size, steps, evaluations, Guidance, 1, sampler, warmups, generations);
        return new MemoryReport(
            settings,
            $"{size}x{size} and {steps} steps (not the speed runs' size) to keep {generations} generations short; snapshots after a forced full GC",
            before,
            after,
            workingSet,
            heap,
            MemoryTargetPercent,
            Math.Abs(workingSet) <= MemoryTargetPercent && Math.Abs(heap) <= MemoryTargetPercent);
    }

    private static void WriteJson(EngineReport report, string path)
    {
        using var file = File.Create(path);
        using var writer = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        JsonSerializer.Serialize(writer, report, BenchmarkJsonContext.Default.EngineReport);
    }

    private static int WarmUp(Action<int> generate)
    {
        var start = Stopwatch.GetTimestamp();
        var count = 0;
        while (count < MinimumWarmupGenerations || Stopwatch.GetElapsedTime(start) < MinimumWarmup)
        {
            generate(count++);
        }

        return count;
    }

    private static GenerationRequest Request(int size, int steps, long seed) => new()
    {
        Prompt = Prompt,
        Width = size,
        Height = size,
        Steps = steps,
        GuidanceScale = Guidance,
        Seed = seed,
        Count = 1,
    };

    private static double Change(long before, long after) => 100.0 * (after - before) / before;
}

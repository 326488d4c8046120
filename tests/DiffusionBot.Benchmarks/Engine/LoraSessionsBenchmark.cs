using System.Diagnostics;
using System.Globalization;
using DiffusionBot.Benchmarks.Reporting;
using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Benchmarks.Engine;

/// <summary>
/// <c>lora-sessions</c>: on SD 1.5's architecture at 1/N width with Forge's kohya LoRA, how long creating the sessions
/// takes without a LoRA and with one (read, merged, handed to ONNX Runtime as overrides), and what a second request for
/// the same cached LoRA set adds (target: median at most 1 ms).
/// </summary>
internal static class LoraSessionsBenchmark
{
    public const string Verb = "lora-sessions";
    public const string Usage = "DiffusionBot.Benchmarks lora-sessions --json FILE [--width-div 4] [--repeats 5]";

    private const double CachedAcquireMaxMs = 1;

    public static int Run(IReadOnlyList<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            if (args[i] is not ("--json" or "--width-div" or "--repeats"))
            {
                Console.Error.WriteLine(Usage);
                return Verdict.Usage;
            }

            options[args[i][2..]] = args[i + 1];
        }

        if (!options.TryGetValue("json", out var json))
        {
            Console.Error.WriteLine(Usage);
            return Verdict.Usage;
        }

        var divisor = options.TryGetValue("width-div", out var d) ? int.Parse(d, CultureInfo.InvariantCulture) : 4;
        var repeats = options.TryGetValue("repeats", out var r) ? int.Parse(r, CultureInfo.InvariantCulture) : 5;
        var root = Directory.CreateTempSubdirectory("diffusionbot-lora-");
        try
        {
            var models = Path.Combine(root.FullName, "models");
            var start = Stopwatch.GetTimestamp();
            Sd15LoraForge.Write(Path.Combine(models, "sd15"), Path.Combine(root.FullName, "baked"), divisor);
            var forgeSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

            var sessions = new SessionFactory("cpu");
            var engine = new EngineOptions { ModelsPath = models, LorasPath = Path.Combine(root.FullName, "loras") };
            using var catalog = new ModelCatalog(models, sessions);
            var lora = new[] { new LoraSpec(Sd15LoraForge.KohyaName, 0.8f) };
            var plain = new List<double>();
            var withLora = new List<double>();
            var cached = new List<double>();
            for (var i = 0; i < repeats; i++)
            {
                start = Stopwatch.GetTimestamp();
                catalog.Load("sd15").Dispose();
                plain.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);

                using var loras = new LoraModels(catalog, sessions, engine, model => new DiffusionPipeline(model, engine));
                start = Stopwatch.GetTimestamp();
                loras.Acquire("sd15", lora).Dispose();
                withLora.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);

                start = Stopwatch.GetTimestamp();
                loras.Acquire("sd15", lora).Dispose();
                cached.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            }

            var moduleCount = LoraFile.Read(Path.Combine(models, "sd15", "loras", Sd15LoraForge.KohyaName + SafetensorsFile.Extension)).Modules.Count;
            var targets = new List<Target> { Target.AtMost("second request for a cached LoRA set (median)", Median(cached) * 1000, CachedAcquireMaxMs, "ms") };
            var report = new LoraSessionsReport(Verb, DateTimeOffset.UtcNow, MachineReport.Current(), $"sd15 width/{divisor} (forged)", forgeSeconds, moduleCount,
                repeats, Median(plain), Median(withLora), Median(withLora) - Median(plain), Median(cached) * 1000, cached.Max() * 1000, targets, Verdict.Met(targets));
            ReportFile.Write(report, BenchmarkJsonContext.Default.LoraSessionsReport, json);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sessions without LoRA {report.PlainSessionsSeconds:F3} s, with {moduleCount}-module LoRA {report.LoraSessionsSeconds:F3} s (+{report.MergeOverheadSeconds:F3} s), cached set {report.CachedAcquireMedianMs:F4} ms (max {report.CachedAcquireMaxMs:F4} ms, the first including JIT)"));
            return Verdict.Report(targets, json);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

/// <summary>The JSON of <c>lora-sessions</c>: medians over the repeats, and the cached acquire's worst case too.</summary>
internal sealed record LoraSessionsReport(
    string Benchmark,
    DateTimeOffset At,
    MachineReport Machine,
    string Model,
    double ForgeSeconds,
    int LoraModules,
    int Repeats,
    double PlainSessionsSeconds,
    double LoraSessionsSeconds,
    double MergeOverheadSeconds,
    double CachedAcquireMedianMs,
    double CachedAcquireMaxMs,
    IReadOnlyList<Target> Targets,
    bool AllTargetsMet);

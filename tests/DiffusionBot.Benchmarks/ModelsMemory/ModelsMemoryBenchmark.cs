using System.Text.Json;
using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Residency;

namespace DiffusionBot.Benchmarks.ModelsMemory;

/// <summary>
/// Issue #14's memory check: generations switching round-robin among three forged models under
/// <c>MaxLoadedModels = 2</c>, so every generation unloads one model and loads another. The models are SD 1.5's real
/// architecture at 1/8 width by default (about 84 MB of weights each, so a leaked session or weight copy moves RSS
/// well past the tolerance); the demo model's 2 MB of weights leave RSS to the runtime's own heap noise. RSS (after a
/// full GC) is taken after each round of three; after the first round (the warm-up) every round must stay within the
/// tolerance of the median of those rounds, and the report adds the drift from their first tenth to their last.
/// Exit 1 on a miss.
/// </summary>
internal static class ModelsMemoryBenchmark
{
    private static readonly string[] Names = ["a", "b", "c"];

    public static int Run(ModelsMemoryArguments arguments)
    {
        var root = Directory.CreateTempSubdirectory("diffusionbot-models-memory-").FullName;
        try
        {
            foreach (var name in Names)
            {
                if (arguments.WidthDivisor == 0)
                {
                    DemoModelForge.Write(Path.Combine(root, name));
                }
                else
                {
                    Sd15ModelForge.Write(Path.Combine(root, name), arguments.WidthDivisor, seed: name[0]);
                }
            }

            var report = Measure(root, arguments);
            File.WriteAllText(arguments.JsonPath, JsonSerializer.Serialize(report, ModelsMemoryJsonContext.Default.ModelsMemoryReport));
            Console.WriteLine(JsonSerializer.Serialize(report, ModelsMemoryJsonContext.Default.ModelsMemoryReport));
            return report.Met ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static ModelsMemoryReport Measure(string root, ModelsMemoryArguments arguments)
    {
        var options = new EngineOptions { MaxPixels = Math.Max(EngineOptions.DefaultMaxPixels, arguments.Size * arguments.Size) };
        var sessions = new SessionFactory("cpu");
        using var catalog = new ModelCatalog(root, sessions);
        var loads = 0;
        using var models = new ResidentModels(catalog, new ResidencyLimits(2, 0), model =>
        {
            loads++;
            return new DiffusionPipeline(model, options);
        });
        var rounds = new List<long>();
        var committed = new List<long>();
        for (var g = 0; g < arguments.Generations; g++)
        {
            using (var lease = models.Acquire(Names[g % Names.Length]))
            {
                lease.Pipeline.Generate(new GenerationRequest { Prompt = "red", Width = arguments.Size, Height = arguments.Size, Steps = arguments.Steps, Seed = g, Sampler = "euler" });
            }

            if ((g + 1) % Names.Length == 0)
            {
                rounds.Add(Rss());
                committed.Add(GC.GetGCMemoryInfo().TotalCommittedBytes);
            }
        }

        // The first round is the warm-up (glibc's arenas and ONNX Runtime's first loads settle); every round after it
        // must stay within the tolerance of those rounds' median, so growth (a leak) and swings both count.
        var settled = rounds.Skip(1).ToArray();
        var reference = settled.Order().ElementAt(settled.Length / 2);
        var deviation = settled.Max(r => Math.Abs(r - reference) * 100.0 / reference);
        var tenth = Math.Max(1, settled.Length / 10);
        var growth = (settled.TakeLast(tenth).Average() - settled.Take(tenth).Average()) * 100.0 / reference;
        return new ModelsMemoryReport(
            sessions.ProviderName,
            arguments.WidthDivisor == 0 ? "demo" : $"sd15 width/{arguments.WidthDivisor} (forged)",
            Names.Length,
            2,
            arguments.Generations,
            arguments.Size,
            arguments.Steps,
            ResidentModels.WeightBytes(Path.Combine(root, Names[0])),
            loads,
            rounds[0],
            reference,
            rounds,
            committed,
            Math.Round(deviation, 2),
            Math.Round(growth, 2),
            arguments.TolerancePercent,
            deviation <= arguments.TolerancePercent);
    }

    /// <summary>Resident set size after a full, compacting collection (the process's working set on Linux).</summary>
    private static long Rss()
    {
        // Aggressive decommits the free regions too: forging the models in this process leaves a large, empty managed
        // heap that the runtime would otherwise give back only over the next rounds, not a part of the bot's footprint.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}

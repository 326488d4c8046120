using System.Text.Json;
using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Residency;

namespace DiffusionBot.Benchmarks.ModelsMemory;

/// <summary>
/// Issue #14's memory check: generations switching round-robin among three forged demo models under
/// <c>MaxLoadedModels = 2</c>, so every generation unloads one model and loads another. RSS (after a full GC) is
/// taken after each round of three; every round after the first must stay within the tolerance of the first.
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
                DemoModelForge.Write(Path.Combine(root, name));
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

        var first = rounds[0];
        var deviation = rounds.Skip(1).Max(r => Math.Abs(r - first) * 100.0 / first);
        return new ModelsMemoryReport(
            sessions.ProviderName,
            Names.Length,
            2,
            arguments.Generations,
            arguments.Size,
            arguments.Steps,
            ResidentModels.WeightBytes(Path.Combine(root, Names[0])),
            loads,
            first,
            rounds,
            committed,
            Math.Round(deviation, 2),
            arguments.TolerancePercent,
            deviation <= arguments.TolerancePercent);
    }

    /// <summary>Resident set size after a full, compacting collection (the process's working set on Linux).</summary>
    private static long Rss()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}

using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DiffusionBot;

/// <summary>Reads the engine's options and opens the model catalog, forging the demo model into an empty models folder.</summary>
internal static class EngineConfiguration
{
    private static readonly Lazy<ILogger> CliLogger = new(() => LoggerFactory
        .Create(b => b.AddSimpleConsole(o => o.SingleLine = true).AddFilter(level => level >= LogLevel.Warning)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace))
        .CreateLogger("DiffusionBot"));

    public static EngineOptions Read(IConfiguration configuration)
    {
        var options = new EngineOptions();
        configuration.GetSection(EngineOptions.SectionName).Bind(options);
        return options;
    }

    public static ModelCatalog OpenCatalog(EngineOptions options, ILogger? logger = null)
    {
        logger ??= CliLogger.Value;
        EnsureAModel(options.ModelsPath);
        return new ModelCatalog(options.ModelsPath, new SessionFactory(options.Device, options.DeviceId, logger, options.Cuda, options.Cpu), logger, options.EmbeddingsPath);
    }

    /// <summary>A fresh clone has no weights: the demo model is generated the first time.</summary>
    public static void EnsureAModel(string modelsPath)
    {
        var hasModel = Directory.Exists(modelsPath)
            && Directory.EnumerateDirectories(modelsPath).Any(d => File.Exists(Path.Combine(d, "model_index.json")));
        if (!hasModel)
        {
            // Forged beside and renamed into place: processes starting together never see half a model.
            var target = Path.Combine(modelsPath, "demo");
            var scratch = Path.Combine(modelsPath, $".demo-{Guid.NewGuid():N}");
            DemoModelForge.Write(scratch);
            try
            {
                Directory.Move(scratch, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }
}

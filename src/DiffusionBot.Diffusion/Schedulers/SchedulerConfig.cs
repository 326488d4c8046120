using System.Text.Json;
using DiffusionBot.Diffusion.Models;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>
/// The keys of diffusers' <c>scheduler/scheduler_config.json</c> that our schedulers read.
/// Nullable members fall back to each scheduler class's own diffusers default.
/// </summary>
public sealed record SchedulerConfig
{
    public string? ClassName { get; init; }
    public int NumTrainTimesteps { get; init; } = 1000;
    public float BetaStart { get; init; } = 0.00085f;
    public float BetaEnd { get; init; } = 0.012f;
    public string BetaSchedule { get; init; } = "scaled_linear";
    public string PredictionType { get; init; } = "epsilon";

    /// <summary>leading, trailing or linspace; null when the file has no key (SD1.5), so each class's default applies.</summary>
    public string? TimestepSpacing { get; init; }
    public int StepsOffset { get; init; }
    public bool? SetAlphaToOne { get; init; }
    public bool? SkipPrkSteps { get; init; }
    public bool? ClipSample { get; init; }
    public float ClipSampleRange { get; init; } = 1f;
    public bool UseKarrasSigmas { get; init; }
    public bool LowerOrderFinal { get; init; } = true;
    public bool EulerAtFinal { get; init; }

    /// <summary>DPM++: "zero" (diffusers' default) or "sigma_min".</summary>
    public string FinalSigmasType { get; init; } = "zero";
    public int OriginalInferenceSteps { get; init; } = 50;
    public float TimestepScaling { get; init; } = 10f;

    public bool IsVPrediction => PredictionType == "v_prediction";

    public static SchedulerConfig Load(string path, ILogger? logger = null)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFolderException(path, $"cannot read the scheduler config ({e.Message})", e);
        }

        return Parse(json, path, logger);
    }

    public static SchedulerConfig Parse(string json, ILogger? logger = null) =>
        Parse(json, "scheduler_config.json", logger);

    private static SchedulerConfig Parse(string json, string source, ILogger? logger)
    {
        try
        {
            using var document = JsonDocument.Parse(PythonJson.QuoteNonFiniteLiterals(json));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ModelFolderException(source, "the scheduler config is not a JSON object");
            }

            var config = SchedulerConfigReader.Read(document.RootElement, out var unknownKeys, out var refusals);
            if (refusals.Count > 0)
            {
                throw new ModelFolderException(source, $"changes the scheduler's maths in a way DiffusionBot does not implement: {string.Join("; ", refusals)}.");
            }

            if (unknownKeys.Count > 0 && logger is not null)
            {
                SchedulerLog.UnknownSchedulerKeys(logger, source, string.Join(", ", unknownKeys));
            }

            var problem = SchedulerConfigReader.Validate(config);
            return problem is null ? config : throw new ModelFolderException(source, problem);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new ModelFolderException(source, $"the scheduler config is not valid JSON of the expected shape ({e.Message})", e);
        }
    }
}

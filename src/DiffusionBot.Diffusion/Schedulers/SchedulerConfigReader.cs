using System.Text.Json;

namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>Maps the JSON keys of <c>scheduler_config.json</c> onto <see cref="SchedulerConfig"/>.</summary>
internal static class SchedulerConfigReader
{
    public static SchedulerConfig Read(JsonElement root, out List<string> unknownKeys, out List<string> refusals)
    {
        var config = new SchedulerConfig();
        unknownKeys = [];
        refusals = [];
        foreach (var property in root.EnumerateObject())
        {
            var v = property.Value;
            if (v.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            config = property.Name switch
            {
                "_class_name" => config with { ClassName = v.GetString() },
                "num_train_timesteps" => config with { NumTrainTimesteps = v.GetInt32() },
                "beta_start" => config with { BetaStart = v.GetSingle() },
                "beta_end" => config with { BetaEnd = v.GetSingle() },
                "beta_schedule" => config with { BetaSchedule = v.GetString()! },
                "prediction_type" => config with { PredictionType = v.GetString()! },
                "timestep_spacing" => config with { TimestepSpacing = v.GetString() },
                "steps_offset" => config with { StepsOffset = v.GetInt32() },
                "skip_prk_steps" => config with { SkipPrkSteps = v.GetBoolean() },
                "set_alpha_to_one" => config with { SetAlphaToOne = v.GetBoolean() },
                "clip_sample" => config with { ClipSample = v.GetBoolean() },
                "clip_sample_range" => config with { ClipSampleRange = v.GetSingle() },
                "use_karras_sigmas" => config with { UseKarrasSigmas = v.GetBoolean() },
                "lower_order_final" => config with { LowerOrderFinal = v.GetBoolean() },
                "euler_at_final" => config with { EulerAtFinal = v.GetBoolean() },
                "final_sigmas_type" => config with { FinalSigmasType = v.GetString()! },
                "original_inference_steps" => config with { OriginalInferenceSteps = v.GetInt32() },
                "timestep_scaling" => config with { TimestepScaling = v.GetSingle() },
                _ => Other(config, property, unknownKeys, refusals),
            };
        }

        return config;
    }

    public static string? Validate(SchedulerConfig c)
    {
        if (c.NumTrainTimesteps < 2)
        {
            return $"num_train_timesteps must be at least 2, not {c.NumTrainTimesteps}";
        }

        if (c.BetaSchedule is not ("linear" or "scaled_linear"))
        {
            return $"beta_schedule '{c.BetaSchedule}' is not supported (linear, scaled_linear)";
        }

        if (c.PredictionType is not ("epsilon" or "v_prediction"))
        {
            return $"prediction_type '{c.PredictionType}' is not supported (epsilon, v_prediction)";
        }

        if (c.TimestepSpacing is not (null or "leading" or "trailing" or "linspace"))
        {
            return $"timestep_spacing '{c.TimestepSpacing}' is not supported (leading, trailing, linspace)";
        }

        if (c.ClassName == "PNDMScheduler" && c.SkipPrkSteps != true)
        {
            return "skip_prk_steps false (PNDM's Runge-Kutta warm-up, diffusers' default) is not supported; set it to true for PLMS";
        }

        return c.FinalSigmasType is "zero" or "sigma_min"
            ? null
            : $"final_sigmas_type '{c.FinalSigmasType}' is not supported (zero, sigma_min)";
    }

    private static SchedulerConfig Other(SchedulerConfig config, JsonProperty property, List<string> unknownKeys, List<string> refusals)
    {
        if (!UnsupportedSchedulerKeys.Knows(property.Name))
        {
            unknownKeys.Add(property.Name);
        }
        else if (UnsupportedSchedulerKeys.Check(property.Name, property.Value) is { } refusal)
        {
            refusals.Add(refusal);
        }

        return config;
    }
}

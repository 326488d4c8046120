using System.Text.Json;

namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>
/// diffusers' scheduler keys that change the maths and that our schedulers implement only at their no-op value.
/// A config that sets one otherwise is refused with the key named, never run with the key silently ignored.
/// </summary>
internal static class UnsupportedSchedulerKeys
{
    /// <summary>Keys that change nothing by themselves (thresholding's parameters only act with thresholding on).</summary>
    private static readonly HashSet<string> Inert = ["_diffusers_version", "dynamic_thresholding_ratio", "sample_max_value"];

    /// <summary>Each key's check of a non-null value: the refusal, or null for the no-op value.</summary>
    private static readonly Dictionary<string, Func<JsonElement, string?>> Checks = new(StringComparer.Ordinal)
    {
        ["trained_betas"] = _ => "trained_betas (a custom beta table) is not supported; remove it to use beta_schedule",
        ["thresholding"] = v => v.GetBoolean() ? "thresholding true (dynamic thresholding) is not supported" : null,
        ["rescale_betas_zero_snr"] = v => v.GetBoolean() ? "rescale_betas_zero_snr true is not supported" : null,
        ["use_exponential_sigmas"] = v => v.GetBoolean() ? "use_exponential_sigmas true is not supported" : null,
        ["use_beta_sigmas"] = v => v.GetBoolean() ? "use_beta_sigmas true is not supported" : null,
        ["use_lu_lambdas"] = v => v.GetBoolean() ? "use_lu_lambdas true is not supported" : null,
        ["sigma_min"] = v => $"sigma_min {v.GetRawText()} is not supported (only the training schedule's sigmas)",
        ["sigma_max"] = v => $"sigma_max {v.GetRawText()} is not supported (only the training schedule's sigmas)",
        ["lambda_min_clipped"] = v => v.ValueKind == JsonValueKind.String && v.GetString() == "-Infinity"
            ? null
            : $"lambda_min_clipped {v.GetRawText()} is not supported (-Infinity, no clipping)",
        ["timestep_type"] = v => Only(v, "timestep_type", "discrete"),
        ["interpolation_type"] = v => Only(v, "interpolation_type", "linear"),
        ["algorithm_type"] = v => Only(v, "algorithm_type", "dpmsolver++"),
        ["solver_type"] = v => Only(v, "solver_type", "midpoint"),
        ["solver_order"] = v => v.GetInt32() == 2 ? null : $"solver_order {v.GetRawText()} is not supported (2)",
        ["variance_type"] = v => v.GetString() is { } variance && variance.StartsWith("learned", StringComparison.Ordinal)
            ? $"variance_type '{variance}' (a learned variance) is not supported"
            : null,
    };

    /// <summary>True when this type judges <paramref name="key"/>, so it is not an unknown key.</summary>
    public static bool Knows(string key) => Inert.Contains(key) || Checks.ContainsKey(key);

    /// <summary>The refusal for <paramref name="key"/> set to the non-null <paramref name="value"/>, or null when it changes nothing.</summary>
    public static string? Check(string key, JsonElement value) =>
        Checks.TryGetValue(key, out var check) ? check(value) : null;

    private static string? Only(JsonElement v, string key, string supported) =>
        v.GetString() == supported ? null : $"{key} '{v.GetString()}' is not supported ({supported})";
}

using System.Text.Json;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// Recognises model families whose usual settings differ from SD's, from what the folder's configs say:
/// SD-Turbo (the name says "turbo": 1 step, guidance 0), LCM (an <c>LCMScheduler</c> or a UNet with
/// <c>time_cond_proj_dim</c>: 4 steps, guidance 1) and the size diffusers derives from the UNet's
/// <c>sample_size</c> (× 8: SD 2.x 768-v is v_prediction with sample_size 96, so 768×768; SDXL's 128 gives 1024×1024).
/// A folder with <c>text_encoder_2</c> is SDXL, SDXL-Turbo, LCM-SDXL or the SDXL refiner.
/// </summary>
internal static class ModelFamilyDetector
{
    private const int VaeScale = 8;
    private const int XlSide = 1024;
    private const int TurboSide = 512;

    public static ModelDefaults Detect(string folder)
    {
        var index = ReadObject(Path.Combine(folder, "model_index.json"));
        var scheduler = ReadObject(Path.Combine(folder, "scheduler", "scheduler_config.json"));
        var unet = ReadObject(Path.Combine(folder, "unet", "config.json"));
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        var defaults = ModelDefaults.None;
        var xl = SdxlTextEncoders.IsSdxl(folder);
        defaults = defaults with { Architecture = ArchitectureOf(xl, index, unet) };

        if (Int(unet, "sample_size") is { } size && size > 0 && size != 64)
        {
            defaults = defaults with { Width = size * VaeScale, Height = size * VaeScale };
            if (size == 96 && String(scheduler, "prediction_type") == "v_prediction")
            {
                defaults = defaults with { Family = "SD 2.x 768-v" };
            }
        }

        if (Mentions(name, "turbo") || Mentions(String(index, "_name_or_path"), "turbo"))
        {
            var turbo = defaults with { Steps = 1, Guidance = 0f, Family = xl ? "SDXL-Turbo" : "SD-Turbo", Advice = "1–4 steps, guidance 0" };
            return xl ? turbo with { Width = TurboSide, Height = TurboSide, TrainedSizes = TrainedResolutions.SdxlTurbo } : turbo;
        }

        if (String(scheduler, "_class_name") == "LCMScheduler" || Int(unet, "time_cond_proj_dim") is not null)
        {
            // LCM-SDXL is guidance-distilled with w embedded in timestep_cond; its model card runs guidance 8.
            return xl
                ? XlBase(defaults) with { Steps = 4, Guidance = 8f, Sampler = "lcm", Family = "LCM-SDXL", Advice = "2–8 steps" }
                : defaults with { Steps = 4, Guidance = 1f, Sampler = "lcm", Family = "LCM", Advice = "2–8 steps" };
        }

        if (xl)
        {
            return Bool(index, "requires_aesthetics_score") == true
                ? XlBase(defaults) with { Family = "SDXL refiner", Advice = "a second stage: --refine on its base model" }
                : XlBase(defaults) with { Family = "SDXL", Advice = "trained at about 1 MP: 1024x1024, 1152x896, 1216x832, 1344x768, 1536x640" };
        }

        return defaults;
    }

    // SDXL base was trained at 1024² in aspect-ratio buckets; an export whose UNet config lost sample_size is still SDXL.
    private static ModelDefaults XlBase(ModelDefaults defaults) => defaults with
    {
        Width = defaults.Width ?? XlSide,
        Height = defaults.Height ?? XlSide,
        TrainedSizes = TrainedResolutions.Sdxl,
    };

    // SD 2.x's OpenCLIP-H text encoder makes the UNet's cross-attention 1024 wide (SD 1.x: 768).
    private static string ArchitectureOf(bool xl, JsonElement? index, JsonElement? unet) =>
        xl ? (Bool(index, "requires_aesthetics_score") == true ? "sdxl-refiner" : "sdxl")
        : Int(unet, "cross_attention_dim") == 1024 ? "sd2" : "sd15";

    private static bool Mentions(string? text, string word) =>
        text is not null && text.Contains(word, StringComparison.OrdinalIgnoreCase);

    private static string? String(JsonElement? json, string key) =>
        json is { } o && o.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool? Bool(JsonElement? json, string key) =>
        json is { } o && o.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    private static int? Int(JsonElement? json, string key) =>
        json is { } o && o.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    // Detection is advice: a config it cannot read is judged where it is loaded for real, not here.
    private static JsonElement? ReadObject(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            using var document = JsonDocument.Parse(PythonJson.QuoteNonFiniteLiterals(File.ReadAllText(path)));
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

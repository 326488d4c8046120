using System.Globalization;
using System.Text.Json;
using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// Parses a model folder's <c>diffusionbot.json</c>:
/// <c>{"steps": 4, "guidance": 1.5, "size": "768x768", "sampler": "lcm", "negative_prompt": "blurry", "max_pixels": 1048576, "refiner": "sdxl-refiner", "high_noise_frac": 0.8, "inpaint_model": "sd15-inpainting"}</c>, every key
/// optional. An unknown key or a bad value makes the model unusable with a message naming it, never silently ignored.
/// </summary>
internal static class ModelDefaultsFile
{
    public static ModelDefaults Load(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ModelFolderException(path, "is not a JSON object.");
            }

            var defaults = ModelDefaults.None;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                defaults = Apply(defaults, property, path);
            }

            return defaults;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new ModelFolderException(path, $"is not valid JSON of the expected shape ({e.Message}).", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFolderException(path, $"cannot be read ({e.Message}).", e);
        }
    }

    private static ModelDefaults Apply(ModelDefaults defaults, JsonProperty property, string path)
    {
        var v = property.Value;
        switch (property.Name)
        {
            case "steps":
                var steps = v.GetInt32();
                return steps is >= 1 and <= 1000 ? defaults with { Steps = steps } : throw Bad(path, $"steps must be 1 to 1000, not {steps}");
            case "guidance":
                var guidance = v.GetSingle();
                return float.IsFinite(guidance) && guidance is >= 0 and <= 50
                    ? defaults with { Guidance = guidance }
                    : throw Bad(path, string.Create(CultureInfo.InvariantCulture, $"guidance must be 0 to 50, not {guidance}"));
            case "size":
                var (width, height) = ParseSize(v.GetString() ?? "", path);
                return defaults with { Width = width, Height = height };
            case "sampler":
                var written = v.GetString() ?? "";
                return SchedulerFactory.CanonicalName(written) is { } sampler
                    ? defaults with { Sampler = sampler }
                    : throw Bad(path, $"sampler '{written}' is unknown; choose one of {string.Join(", ", SchedulerFactory.Names)}");
            case "negative_prompt":
                return defaults with { NegativePrompt = v.GetString() ?? "" };
            case "refiner":
                var refiner = v.GetString() ?? "";
                return IsPlainFolderName(refiner)
                    ? defaults with { Refiner = refiner }
                    : throw Bad(path, $"refiner must name a model folder beside this one (letters, digits, '-', '_', '.'), not '{refiner}'");
            case "inpaint_model":
                var inpainter = v.GetString() ?? "";
                return IsPlainFolderName(inpainter)
                    ? defaults with { InpaintModel = inpainter }
                    : throw Bad(path, $"inpaint_model must name a model folder beside this one (letters, digits, '-', '_', '.'), not '{inpainter}'");
            case "high_noise_frac":
                var fraction = v.GetSingle();
                return fraction is > 0f and < 1f
                    ? defaults with { HighNoiseFraction = fraction }
                    : throw Bad(path, string.Create(CultureInfo.InvariantCulture, $"high_noise_frac must be between 0 and 1, not {fraction}"));
            case "max_pixels":
                var pixels = v.GetInt32();
                return pixels >= 64 * 64 ? defaults with { MaxPixels = pixels } : throw Bad(path, $"max_pixels must be at least 4096 (64x64), not {pixels}");
            default:
                throw Bad(path, $"has an unknown key '{property.Name}' (known: steps, guidance, size, sampler, negative_prompt, max_pixels, refiner, high_noise_frac, inpaint_model)");
        }
    }

    private static (int Width, int Height) ParseSize(string text, string path)
    {
        var parts = text.ToLowerInvariant().Split('x');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            && width >= 64 && height >= 64 && width % 8 == 0 && height % 8 == 0)
        {
            return (width, height);
        }

        throw Bad(path, $"size must look like 768x768 (multiples of 8, at least 64), not '{text}'");
    }

    // A folder name, never a path: the pairing cannot reach outside the models folder.
    private static bool IsPlainFolderName(string name) =>
        name.Length is > 0 and <= 100 && name[0] != '.' && !name.Contains("..", StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static ModelFolderException Bad(string path, string problem) => new(path, problem + ".");
}

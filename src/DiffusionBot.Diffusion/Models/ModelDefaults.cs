using System.Globalization;
using System.Text;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// What a model is best run with when the user does not say: from the folder's <c>diffusionbot.json</c>, over
/// what its configs reveal (<see cref="ModelFamilyDetector"/>). Null members leave the engine's defaults in place.
/// </summary>
public sealed record ModelDefaults
{
    /// <summary>The file in a model folder that sets its defaults.</summary>
    public const string FileName = "diffusionbot.json";

    public static ModelDefaults None { get; } = new();

    public int? Steps { get; init; }

    public float? Guidance { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    /// <summary>A canonical sampler name (see <c>SchedulerFactory.Names</c>).</summary>
    public string? Sampler { get; init; }

    public string? NegativePrompt { get; init; }

    /// <summary>The family the folder was recognised as ("SD-Turbo", "LCM", "SD 2.x 768-v"), or null.</summary>
    public string? Family { get; init; }

    /// <summary>The architecture the configs describe: sd15, sd2, sdxl or sdxl-refiner; null when not detected.</summary>
    public string? Architecture { get; init; }

    /// <summary>
    /// The short family name <c>models</c> and <c>/info</c> show: the <see cref="Architecture"/>, with <c>/turbo</c> or
    /// <c>/lcm</c> for a distilled variant (sdxl/turbo, sd15/lcm).
    /// </summary>
    public string FamilyTag
    {
        get
        {
            var variant = Family is null ? ""
                : Family.Contains("Turbo", StringComparison.Ordinal) ? "/turbo"
                : Family.Contains("LCM", StringComparison.Ordinal) ? "/lcm"
                : "";
            return (Architecture ?? "sd15") + variant;
        }
    }

    /// <summary>What the family is known to work with, for people reading <c>/info</c> ("1–4 steps").</summary>
    public string? Advice { get; init; }

    /// <summary>The refiner model folder paired with this base (<c>refiner</c> in <c>diffusionbot.json</c>): what <c>--refine</c> runs.</summary>
    public string? Refiner { get; init; }

    /// <summary>The inpainting model (9-channel UNet) paired with this one (<c>inpaint_model</c> in <c>diffusionbot.json</c>): what zoom, pan and Vary (Region) run on.</summary>
    public string? InpaintModel { get; init; }

    /// <summary>diffusers' <c>high_noise_frac</c> for <see cref="Refiner"/>: where the base hands over (<c>high_noise_frac</c> in <c>diffusionbot.json</c>).</summary>
    public float? HighNoiseFraction { get; init; }

    /// <summary>The sizes the family was trained at (<see cref="TrainedResolutions"/>); <c>--ar</c> picks the nearest. Null: <c>--ar</c> keeps the default area.</summary>
    public IReadOnlyList<(int Width, int Height)>? TrainedSizes { get; init; }

    /// <summary>The most pixels per image this model is run at (<c>max_pixels</c> in <c>diffusionbot.json</c>); null for <see cref="PixelCap"/>'s family rule.</summary>
    public int? MaxPixels { get; init; }

    /// <summary>
    /// The pixel limit for this model: the operator's <paramref name="engineMaxPixels"/> or the family's cap, whichever
    /// is lower. The family cap is <see cref="MaxPixels"/> when set, else four times the largest trained size (2× each
    /// side), or without trained sizes four times the larger of 512² and the default area: beyond that a family repeats
    /// its subject, and SD 1.x's 1 MP would leave SDXL no room. A small configured default size never lowers the cap.
    /// </summary>
    public int PixelCap(int engineMaxPixels)
    {
        var nativeArea = TrainedSizes is { Count: > 0 } sizes
            ? sizes.Max(s => (long)s.Width * s.Height)
            : Math.Max((long)EngineOptions.DefaultSize * EngineOptions.DefaultSize, (long)(Width ?? 0) * (Height ?? 0));
        var family = MaxPixels ?? (int)Math.Min(int.MaxValue, 4 * nativeArea);
        return Math.Min(engineMaxPixels, family);
    }

    /// <summary>
    /// The size for an aspect ratio (width / height) on this model: the nearest trained size when the family has
    /// them, else null (the caller keeps the default area).
    /// </summary>
    public (int Width, int Height)? SizeForAspectRatio(double ratio) =>
        TrainedSizes is { Count: > 0 } sizes ? TrainedResolutions.Nearest(sizes, ratio) : null;

    /// <summary>Reads the defaults of the model folder <paramref name="folder"/> without opening any session.</summary>
    public static ModelDefaults Read(string folder)
    {
        var detected = ModelFamilyDetector.Detect(folder);
        var path = Path.Combine(folder, FileName);
        return File.Exists(path) ? detected.Overlay(ModelDefaultsFile.Load(path)) : detected;
    }

    /// <summary><paramref name="file"/>'s settings where it has them, these elsewhere.</summary>
    public ModelDefaults Overlay(ModelDefaults file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return this with
        {
            Steps = file.Steps ?? Steps,
            Guidance = file.Guidance ?? Guidance,
            Width = file.Width ?? Width,
            Height = file.Height ?? Height,
            Sampler = file.Sampler ?? Sampler,
            NegativePrompt = file.NegativePrompt ?? NegativePrompt,
            MaxPixels = file.MaxPixels ?? MaxPixels,
            Refiner = file.Refiner ?? Refiner,
            HighNoiseFraction = file.HighNoiseFraction ?? HighNoiseFraction,
            InpaintModel = file.InpaintModel ?? InpaintModel,
        };
    }

    /// <summary>One line for <c>models</c> and <c>/info</c>: "4 steps, guidance 1, sampler lcm (LCM)"; empty when there is nothing.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Steps is { } steps)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{steps} step{(steps == 1 ? "" : "s")}"));
        }

        if (Guidance is { } guidance)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"guidance {guidance}"));
        }

        if (Width is { } width && Height is { } height)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{width}x{height}"));
        }

        if (Sampler is { } sampler)
        {
            parts.Add($"sampler {sampler}");
        }

        if (NegativePrompt is { Length: > 0 } negative)
        {
            parts.Add($"negative prompt \"{negative}\"");
        }

        var text = new StringBuilder(string.Join(", ", parts));
        if (Family is { } family)
        {
            text.Append(text.Length == 0 ? "" : " ").Append('(').Append(family);
            text.Append(Advice is { } advice ? $"; {advice})" : ")");
        }

        return text.ToString();
    }
}

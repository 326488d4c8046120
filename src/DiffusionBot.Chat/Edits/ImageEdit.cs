using System.Diagnostics.CodeAnalysis;
using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Inpainting;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Upscaling;

namespace DiffusionBot.Chat.Edits;

/// <summary>
/// What a single-image button does to the image, as a short stable text stored with the request and carried by the
/// button (<c>zoom:2</c>, <c>zoom:1.5</c>, <c>pan:left</c>, <c>region:centre</c>, <c>upscale</c>, <c>mask</c>), so it
/// survives a restart. <c>mask</c> is the playground brush: the mask is the init image's alpha (transparent repaints).
/// </summary>
public static class ImageEdit
{
    public const string Upscale = "upscale";

    /// <summary>Denoising strengths of Vary (Subtle) and Vary (Strong); the grid's V buttons sit between them (0.6).</summary>
    public const float SubtleStrength = 0.35f;
    public const float StrongStrength = 0.75f;

    /// <summary>A1111's default "Only masked padding, pixels" for the brush.</summary>
    public const int OnlyMaskedPadding = 32;
    public const string Mask = "mask";

    /// <summary>Midjourney's Vary (Subtle) and Vary (Strong): image-to-image of the image itself with a new seed.</summary>
    public static readonly IReadOnlyList<string> Varies = ["vary:subtle", "vary:strong"];
    public static readonly IReadOnlyList<string> Zooms = ["zoom:2", "zoom:1.5"];
    public static readonly IReadOnlyList<string> Pans = ["pan:left", "pan:right", "pan:up", "pan:down"];
    public static readonly IReadOnlyList<string> Regions = ["region:centre", "region:left", "region:right", "region:top", "region:bottom"];

    public static bool IsKnown([NotNullWhen(true)] string? edit) =>
        edit is Upscale or Mask || Varies.Contains(edit) || Zooms.Contains(edit) || Pans.Contains(edit) || Regions.Contains(edit);

    /// <summary>The button's or menu option's label.</summary>
    public static string Label(string edit) => edit switch
    {
        "vary:subtle" => "Vary (Subtle)",
        "vary:strong" => "Vary (Strong)",
        "zoom:2" => "Zoom Out 2×",
        "zoom:1.5" => "Zoom Out 1.5×",
        "pan:left" => "⬅️",
        "pan:right" => "➡️",
        "pan:up" => "⬆️",
        "pan:down" => "⬇️",
        "region:centre" => "Centre",
        "region:left" => "Left half",
        "region:right" => "Right half",
        "region:top" => "Top half",
        "region:bottom" => "Bottom half",
        Upscale => "Upscale 2×",
        Mask => "Vary (Region)",
        _ => throw new ArgumentOutOfRangeException(nameof(edit), edit, "Unknown edit."),
    };

    /// <summary>Whether the request runs as an SD upscale rather than one generation.</summary>
    public static bool IsUpscale(string? edit) => edit == Upscale;

    /// <summary>The engine request for <paramref name="edit"/> of <paramref name="request"/>'s init image: canvas, mask, size and strength.</summary>
    /// <param name="strength">What the user set, else the edit's own: everything in the mask for zoom, pan and regions, a light touch for upscale.</param>
    public static GenerationRequest Apply(string edit, GenerationRequest request, float? strength, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var image = request.InitImage ?? throw new InvalidRequestException("That edit needs an image to work from.");
        if (edit == Upscale)
        {
            return request with { Count = 1, Strength = strength ?? SdUpscale.DefaultStrength };
        }

        if (Varies.Contains(edit))
        {
            using var source = Diffusion.Imaging.UntrustedImageDecoder.Decode(image, options.MaxInputBytes, options.MaxInputPixels);
            var varied = strength ?? (edit == "vary:subtle" ? SubtleStrength : StrongStrength);
            return request with { Count = 1, Width = source.Width / 8 * 8, Height = source.Height / 8 * 8, Strength = varied };
        }

        var canvas = edit switch
        {
            "zoom:2" => Outpainting.ZoomOut(image, 2f, options),
            "zoom:1.5" => Outpainting.ZoomOut(image, 1.5f, options),
            "pan:left" => Outpainting.Pan(image, PanDirection.Left, options),
            "pan:right" => Outpainting.Pan(image, PanDirection.Right, options),
            "pan:up" => Outpainting.Pan(image, PanDirection.Up, options),
            "pan:down" => Outpainting.Pan(image, PanDirection.Down, options),
            "region:centre" => Outpainting.Region(image, ImageRegion.Centre, options),
            "region:left" => Outpainting.Region(image, ImageRegion.LeftHalf, options),
            "region:right" => Outpainting.Region(image, ImageRegion.RightHalf, options),
            "region:top" => Outpainting.Region(image, ImageRegion.TopHalf, options),
            "region:bottom" => Outpainting.Region(image, ImageRegion.BottomHalf, options),
            Mask => Outpainting.FromAlpha(image, options),
            _ => throw new InvalidRequestException($"Unknown edit '{edit}'."),
        };
        // The brush marks small areas, which A1111 users repaint "Only masked" (padding 32) to give them the model's full size.
        var onlyMasked = edit == Mask ? OnlyMaskedPadding : (int?)null;
        return request with { Count = 1, InitImage = canvas.Image, Mask = canvas.Mask, Width = canvas.Width, Height = canvas.Height, Strength = strength ?? 1f, OnlyMaskedPadding = onlyMasked };
    }
}

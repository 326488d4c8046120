using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace DiffusionBot.Diffusion.Imaging;

/// <summary>PNGs carrying an A1111-style <c>parameters</c> tEXt chunk, readable by A1111, ComfyUI and civitai.</summary>
public static class PngWithParameters
{
    public const string Keyword = "parameters";

    private static readonly PngEncoder Encoder = new() { CompressionLevel = PngCompressionLevel.DefaultCompression };

    public static byte[] Encode(Image<Rgb24> image, string parameters)
    {
        image.Metadata.GetPngMetadata().TextData.Add(new PngTextData(Keyword, parameters, "", ""));
        using var stream = new MemoryStream();
        image.Save(stream, Encoder);
        return stream.ToArray();
    }

    /// <summary>The A1111 text: prompt, negative prompt, then one line of settings.</summary>
    public static string Format(string prompt, string negativePrompt, int steps, string sampler, float guidance, long seed, int width, int height, string model, float? strength)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder(prompt);
        if (negativePrompt.Length > 0)
        {
            text.Append('\n').Append("Negative prompt: ").Append(negativePrompt);
        }

        text.Append('\n').Append(inv, $"Steps: {steps}, Sampler: {sampler}, CFG scale: {guidance}, Seed: {seed}, Size: {width}x{height}, Model: {model}");
        if (strength is { } s)
        {
            text.Append(inv, $", Denoising strength: {s}");
        }

        return text.ToString();
    }

    /// <summary>Reads the <c>parameters</c> chunk back, or null when there is none.</summary>
    public static string? Read(byte[] png)
    {
        using var image = Image.Load(png);
        return image.Metadata.GetPngMetadata().TextData.FirstOrDefault(t => t.Keyword == Keyword).Value;
    }
}

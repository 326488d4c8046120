using DiffusionBot.Diffusion.Models;

namespace DiffusionBot.Diffusion.Imaging;

/// <summary>
/// A family's linear latent→RGB approximation, applied to UNet-space latents: rgb = Σ_c latent[c]·F[c] + bias, in
/// about [-1, 1] (ComfyUI <c>latent_formats.py</c>; see <c>onnx-sd-facts.md</c> §4). SDXL's VAE has its own latent
/// space, so SD 1.x's factors paint an SDXL preview in the wrong colours.
/// </summary>
public sealed class LatentRgbFactors
{
    private readonly float[,] _factors;
    private readonly float[] _bias;

    private LatentRgbFactors(string name, float[,] factors, float[] bias) =>
        (Name, _factors, _bias) = (name, factors, bias);

    /// <summary>ComfyUI's SD15 factors (no bias); SD 2.x shares SD 1.x's VAE.</summary>
    public static LatentRgbFactors Sd15 { get; } = new(
        "sd15",
        new[,]
        {
            { 0.3512f, 0.2297f, 0.3227f },
            { 0.3250f, 0.4974f, 0.2350f },
            { -0.2829f, 0.1762f, 0.2721f },
            { -0.2120f, -0.2616f, -0.7177f },
        },
        [0f, 0f, 0f]);

    /// <summary>ComfyUI's SDXL factors and bias.</summary>
    public static LatentRgbFactors Sdxl { get; } = new(
        "sdxl",
        new[,]
        {
            { 0.3651f, 0.4232f, 0.4341f },
            { -0.2533f, -0.0042f, 0.1068f },
            { 0.1076f, 0.1111f, -0.0362f },
            { -0.3165f, -0.2492f, -0.2188f },
        },
        [0.1084f, -0.0175f, -0.0011f]);

    public string Name { get; }

    public int Channels => _factors.GetLength(0);

    /// <summary>The weight of latent channel <paramref name="channel"/> in colour <paramref name="rgb"/> (0 r, 1 g, 2 b).</summary>
    public float Factor(int channel, int rgb) => _factors[channel, rgb];

    public float Bias(int rgb) => _bias[rgb];

    /// <summary>The factors for <paramref name="model"/>'s latent space: SDXL's for every SDXL-layout model (base, Turbo, LCM, refiner).</summary>
    public static LatentRgbFactors For(StableDiffusionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Family.StartsWith("SDXL", StringComparison.Ordinal) ? Sdxl : Sd15;
    }
}

using System.Numerics;
using DiffusionBot.Diffusion.Imaging;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// The demo VAE is linear: a UNet-space latent z decodes to rgb = g·Fᵀ·z + b with F, b a family's preview factors
/// (<see cref="LatentRgbFactors"/>: SD 1.x's for the SD demo, SDXL's for the SDXL demo), so a latent preview with the
/// right family's factors shows the picture and one with the wrong family's is visibly off. Encoding uses the
/// pseudo-inverse: z = pinv(Fᵀ)·(rgb − b) / g.
/// </summary>
/// <remarks>
/// The gain g is 1 for SD 1.x, where the preview is exact. SDXL's factors are ill-conditioned: pure green would need a
/// latent of norm 22 (SD 1.x: 5.5), far from the unit-variance noise the schedules assume, so the SDXL demo decodes at
/// g = 4 (latents no larger than SD 1.x's) and its preview is the picture at a quarter of the contrast, in the right hues.
/// </remarks>
internal sealed class DemoLatentSpace
{
    public const int Channels = 4;
    public const int Downscale = 8;

    private readonly LatentRgbFactors _factors;

    /// <summary>pinv(Fᵀ) = F·(FᵀF)⁻¹, a 4×3 matrix taking rgb to the UNet-space latent.</summary>
    private readonly double[,] _rgbToLatent;

    private readonly double _gain;

    private DemoLatentSpace(LatentRgbFactors factors, double gain)
    {
        _factors = factors;
        _gain = gain;
        _rgbToLatent = PseudoInverseOfTranspose(factors);
    }

    public static DemoLatentSpace Sd15 { get; } = new(LatentRgbFactors.Sd15, 1);

    public static DemoLatentSpace Sdxl { get; } = new(LatentRgbFactors.Sdxl, 4);

    /// <summary>What the demo VAE decodes the UNet-space latent <paramref name="latent"/> to, in [-1, 1].</summary>
    public Vector3 ToRgb(ReadOnlySpan<float> latent)
    {
        var rgb = new Vector3(_factors.Bias(0), _factors.Bias(1), _factors.Bias(2));
        for (var c = 0; c < Channels; c++)
        {
            rgb += (float)_gain * latent[c] * new Vector3(_factors.Factor(c, 0), _factors.Factor(c, 1), _factors.Factor(c, 2));
        }

        return rgb;
    }

    /// <summary>The UNet-space latent whose decoding is <paramref name="rgb"/>.</summary>
    public void ToLatent(Vector3 rgb, Span<float> latent)
    {
        var shifted = rgb - new Vector3(_factors.Bias(0), _factors.Bias(1), _factors.Bias(2));
        for (var c = 0; c < Channels; c++)
        {
            latent[c] = (float)(((_rgbToLatent[c, 0] * shifted.X) + (_rgbToLatent[c, 1] * shifted.Y) + (_rgbToLatent[c, 2] * shifted.Z)) / _gain);
        }
    }

    /// <summary>Decoder 1×1 conv weights [3, 4, 1, 1]: its input is already divided by the scaling factor.</summary>
    public float[] DecoderWeights(float scalingFactor)
    {
        var weights = new float[3 * Channels];
        for (var rgb = 0; rgb < 3; rgb++)
        {
            for (var c = 0; c < Channels; c++)
            {
                weights[(rgb * Channels) + c] = (float)(_gain * scalingFactor * _factors.Factor(c, rgb));
            }
        }

        return weights;
    }

    /// <summary>Decoder conv bias [3]: the factors' bias.</summary>
    public float[] DecoderBias() => [_factors.Bias(0), _factors.Bias(1), _factors.Bias(2)];

    /// <summary>Encoder 1×1 conv weights [4, 3, 1, 1]: the pipeline multiplies its output by the scaling factor.</summary>
    public float[] EncoderWeights(float scalingFactor)
    {
        var weights = new float[Channels * 3];
        for (var c = 0; c < Channels; c++)
        {
            for (var rgb = 0; rgb < 3; rgb++)
            {
                weights[(c * 3) + rgb] = (float)(_rgbToLatent[c, rgb] / (_gain * scalingFactor));
            }
        }

        return weights;
    }

    /// <summary>Encoder conv bias [4]: −pinv(Fᵀ)·b, over the gain and the scaling factor.</summary>
    public float[] EncoderBias(float scalingFactor)
    {
        var bias = new float[Channels];
        for (var c = 0; c < Channels; c++)
        {
            var sum = 0d;
            for (var rgb = 0; rgb < 3; rgb++)
            {
                sum += _rgbToLatent[c, rgb] * _factors.Bias(rgb);
            }

            bias[c] = (float)(-sum / (_gain * scalingFactor));
        }

        return bias;
    }

    private static double[,] PseudoInverseOfTranspose(LatentRgbFactors f)
    {
        var gram = new double[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var c = 0; c < Channels; c++)
                {
                    gram[i, j] += (double)f.Factor(c, i) * f.Factor(c, j);
                }
            }
        }

        var inverse = Invert3(gram);
        var result = new double[Channels, 3];
        for (var c = 0; c < Channels; c++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var m = 0; m < 3; m++)
                {
                    result[c, j] += f.Factor(c, m) * inverse[m, j];
                }
            }
        }

        return result;
    }

    private static double[,] Invert3(double[,] m)
    {
        var det = (m[0, 0] * ((m[1, 1] * m[2, 2]) - (m[1, 2] * m[2, 1])))
            - (m[0, 1] * ((m[1, 0] * m[2, 2]) - (m[1, 2] * m[2, 0])))
            + (m[0, 2] * ((m[1, 0] * m[2, 1]) - (m[1, 1] * m[2, 0])));
        var inverse = new double[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                // Cofactor of (j, i) over the determinant: the adjugate's (i, j) entry.
                var r0 = (j + 1) % 3;
                var r1 = (j + 2) % 3;
                var c0 = (i + 1) % 3;
                var c1 = (i + 2) % 3;
                inverse[i, j] = ((m[r0, c0] * m[r1, c1]) - (m[r0, c1] * m[r1, c0])) / det;
            }
        }

        return inverse;
    }
}

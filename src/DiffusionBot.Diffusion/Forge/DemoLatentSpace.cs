using System.Numerics;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// The demo VAE is linear: a UNet-space latent z decodes to rgb = Fᵀ·z with F ComfyUI's SD15 preview
/// factors, so a latent preview of the demo model is exact. Encoding uses the pseudo-inverse of Fᵀ.
/// </summary>
internal static class DemoLatentSpace
{
    public const int Channels = 4;
    public const int Downscale = 8;

    /// <summary>ComfyUI <c>latent_formats.py</c> SD15 factors: row = latent channel, column = r, g, b.</summary>
    public static readonly float[,] PreviewFactors =
    {
        { 0.3512f, 0.2297f, 0.3227f },
        { 0.3250f, 0.4974f, 0.2350f },
        { -0.2829f, 0.1762f, 0.2721f },
        { -0.2120f, -0.2616f, -0.7177f },
    };

    /// <summary>pinv(Fᵀ) = F·(FᵀF)⁻¹, a 4×3 matrix taking rgb to the UNet-space latent.</summary>
    private static readonly double[,] RgbToLatent = PseudoInverseOfTranspose();

    /// <summary>The UNet-space latent whose decoding is <paramref name="rgb"/>.</summary>
    public static void ToLatent(Vector3 rgb, Span<float> latent)
    {
        for (var c = 0; c < Channels; c++)
        {
            latent[c] = (float)((RgbToLatent[c, 0] * rgb.X) + (RgbToLatent[c, 1] * rgb.Y) + (RgbToLatent[c, 2] * rgb.Z));
        }
    }

    /// <summary>Decoder 1×1 conv weights [3, 4, 1, 1]: its input is already divided by the scaling factor.</summary>
    public static float[] DecoderWeights(float scalingFactor = PipelineConfigFiles.VaeScalingFactor)
    {
        var weights = new float[3 * Channels];
        for (var rgb = 0; rgb < 3; rgb++)
        {
            for (var c = 0; c < Channels; c++)
            {
                weights[(rgb * Channels) + c] = (float)(scalingFactor * (double)PreviewFactors[c, rgb]);
            }
        }

        return weights;
    }

    /// <summary>Encoder 1×1 conv weights [4, 3, 1, 1]: the pipeline multiplies its output by the scaling factor.</summary>
    public static float[] EncoderWeights(float scalingFactor = PipelineConfigFiles.VaeScalingFactor)
    {
        var weights = new float[Channels * 3];
        for (var c = 0; c < Channels; c++)
        {
            for (var rgb = 0; rgb < 3; rgb++)
            {
                weights[(c * 3) + rgb] = (float)(RgbToLatent[c, rgb] / scalingFactor);
            }
        }

        return weights;
    }

    private static double[,] PseudoInverseOfTranspose()
    {
        var gram = new double[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var c = 0; c < Channels; c++)
                {
                    gram[i, j] += (double)PreviewFactors[c, i] * PreviewFactors[c, j];
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
                    result[c, j] += PreviewFactors[c, m] * inverse[m, j];
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

namespace DiffusionBot.Diffusion.Inpainting;

/// <summary>
/// What an inpainting UNet (diffusers' 9-channel <c>in_channels</c>) takes beside the latents, as
/// StableDiffusionInpaintPipeline prepares it: the mask at latent size and the latents of the init image with the
/// repainted part blanked (<c>image × (mask &lt; 0.5)</c>), scaled by the VAE's factor. Every row of the batch (and
/// both halves of a guided batch) gets the same two, concatenated after the latents along the channel axis.
/// </summary>
internal sealed class InpaintInputs
{
    private readonly float[] _mask;
    private readonly float[] _maskedLatents;
    private float[] _sample = [];

    public InpaintInputs(float[] latentMask, float[] maskedLatents)
    {
        _mask = latentMask;
        _maskedLatents = maskedLatents;
    }

    /// <summary>The pixels kept from <paramref name="init"/> ([3 × h × w] in [-1, 1]): zero where the mask repaints half or more.</summary>
    public static float[] MaskedImage(float[] init, InpaintMask mask)
    {
        var plane = mask.Pixels.Length;
        var masked = new float[init.Length];
        for (var c = 0; c < 3; c++)
        {
            for (var i = 0; i < plane; i++)
            {
                masked[(c * plane) + i] = mask.Pixels[i] < 0.5f ? init[(c * plane) + i] : 0f;
            }
        }

        return masked;
    }

    /// <summary>The UNet's <c>sample</c>: each row's <paramref name="latents"/> × <paramref name="scale"/>, then the mask and the masked latents; rows repeated <paramref name="repeat"/> times for guidance.</summary>
    public float[] Compose(ReadOnlySpan<float> latents, float scale, int count, int repeat)
    {
        var latentPlanes = latents.Length / count;
        var row = latentPlanes + _mask.Length + _maskedLatents.Length;
        // The mask and masked latents are the same at every step: written when the buffer is made, then only the latents change.
        var fresh = _sample.Length != row * count * repeat;
        if (fresh)
        {
            _sample = new float[row * count * repeat];
        }

        for (var r = 0; r < count * repeat; r++)
        {
            var target = _sample.AsSpan(r * row, row);
            var source = latents.Slice(r % count * latentPlanes, latentPlanes);
            for (var i = 0; i < latentPlanes; i++)
            {
                target[i] = source[i] * scale;
            }

            if (fresh)
            {
                _mask.CopyTo(target[latentPlanes..]);
                _maskedLatents.CopyTo(target[(latentPlanes + _mask.Length)..]);
            }
        }

        return _sample;
    }
}

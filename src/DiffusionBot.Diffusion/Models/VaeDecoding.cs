using System.Text.Json;
using DiffusionBot.Diffusion.Pipeline;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// Decodes latents without posting an fp16 overflow: SDXL's VAE overflows in half precision (diffusers' config says
/// <c>force_upcast</c>), and its NaN/Inf pixels would clamp to a black image.
/// </summary>
/// <remarks>
/// A model folder may carry two extra decoders beside <c>vae_decoder/</c>:
/// <list type="bullet">
/// <item><c>vae_decoder_fp16_fix/</c>: an fp16-fixed VAE (madebyollin/sdxl-vae-fp16-fix exported the same way), used
/// instead of <c>vae_decoder/</c> because it stays finite in fp16; its <c>config.json</c>, if any, sets <c>force_upcast</c>
/// (false when absent: not overflowing is its point).</item>
/// <item><c>vae_decoder_fp32/</c>: the same VAE in fp32. Used first when the decoder's config says <c>force_upcast</c>
/// (as diffusers upcasts), and as a retry when the decoder's pixels hold NaN/Inf.</item>
/// </list>
/// Without either, an overflow gets one line saying which folder would fix it.
/// </remarks>
public sealed class VaeDecoding : IDisposable
{
    public const string DecoderFolder = "vae_decoder";
    public const string Fp16FixFolder = "vae_decoder_fp16_fix";
    public const string Fp32Folder = "vae_decoder_fp32";

    private VaeDecoding(VaeDecoder decoder, string decoderFolder, VaeDecoder? fp32, bool forceUpcast)
    {
        Decoder = decoder;
        DecoderFolderName = decoderFolder;
        Fp32Decoder = fp32;
        ForceUpcast = forceUpcast;
    }

    /// <summary>The decoder tried first unless <see cref="ForceUpcast"/> sends the work to <see cref="Fp32Decoder"/>.</summary>
    public VaeDecoder Decoder { get; }

    /// <summary><see cref="DecoderFolder"/> or <see cref="Fp16FixFolder"/>.</summary>
    public string DecoderFolderName { get; }

    public VaeDecoder? Fp32Decoder { get; }

    /// <summary>The decoder's <c>config.json</c> <c>force_upcast</c>.</summary>
    public bool ForceUpcast { get; }

    public static VaeDecoding Open(string folder, ISessionFactory sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var fixedVae = File.Exists(Path.Combine(folder, Fp16FixFolder, "model.onnx"));
        var name = fixedVae ? Fp16FixFolder : DecoderFolder;
        var decoder = new VaeDecoder(OnnxModelPart.Open(folder, name, sessions));
        VaeDecoder? fp32 = null;
        try
        {
            var forceUpcast = ReadForceUpcast(Path.Combine(folder, name, "config.json"), whenAbsent: false);
            if (File.Exists(Path.Combine(folder, Fp32Folder, "model.onnx")))
            {
                fp32 = new VaeDecoder(OnnxModelPart.Open(folder, Fp32Folder, sessions));
                if (fp32.IsHalfPrecision)
                {
                    throw new ModelFolderException(Path.Combine(folder, Fp32Folder, "model.onnx"), "takes or returns fp16 tensors; this folder is for the fp32 decoder that overflowing fp16 decodes fall back to.");
                }
            }

            return new VaeDecoding(decoder, name, fp32, forceUpcast);
        }
        catch
        {
            fp32?.Dispose();
            decoder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Decodes a batch: in fp32 when <see cref="ForceUpcast"/> and <see cref="Fp32Decoder"/> allow, else with
    /// <see cref="Decoder"/>, retrying in fp32 when its pixels are not finite. Throws <see cref="InvalidRequestException"/>
    /// rather than return NaN/Inf pixels.
    /// </summary>
    public VaeDecoded Decode(ReadOnlySpan<float> latents, int batch, int channels, int height, int width, RunOptions runOptions)
    {
        if (ForceUpcast && Fp32Decoder is { } upcast)
        {
            return Checked(upcast.Decode(latents, batch, channels, height, width, runOptions), Fp32Folder, halfPrecision: false);
        }

        var (pixels, h, w) = Decoder.Decode(latents, batch, channels, height, width, runOptions);
        if (Fp32Decoder is { } retry && !AllFinite(pixels))
        {
            return Checked(retry.Decode(latents, batch, channels, height, width, runOptions), Fp32Folder, halfPrecision: false);
        }

        return Checked((pixels, h, w), DecoderFolderName, Decoder.IsHalfPrecision);
    }

    public string Describe()
    {
        var fp32 = Fp32Decoder is null ? "none" : ForceUpcast ? "used (force_upcast)" : "on NaN/Inf";
        return $"{DecoderFolderName}: {Decoder.Describe()}; force_upcast: {(ForceUpcast ? "true" : "false")}; {Fp32Folder}: {fp32}";
    }

    public void Dispose()
    {
        Decoder.Dispose();
        Fp32Decoder?.Dispose();
    }

    private static VaeDecoded Checked((float[] Pixels, int Height, int Width) decoded, string folder, bool halfPrecision)
    {
        FiniteGuard.Pixels(decoded.Pixels, halfPrecision);
        return new VaeDecoded(decoded.Pixels, decoded.Height, decoded.Width, folder);
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (var value in values)
        {
            if (!float.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ReadForceUpcast(string path, bool whenAbsent)
    {
        if (!File.Exists(path))
        {
            return whenAbsent;
        }

        try
        {
            using var json = JsonDocument.Parse(PythonJson.QuoteNonFiniteLiterals(File.ReadAllText(path)));
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("force_upcast", out var value)
                ? value.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw new ModelFolderException(path, "has a force_upcast that is not true or false."),
                }
                : whenAbsent;
        }
        catch (JsonException e)
        {
            throw new ModelFolderException(path, $"is not valid JSON ({ErrorText.FirstLine(e.Message)}).", e);
        }
    }
}

/// <summary>Decoded pixels [batch, 3, height, width] in about [-1, 1], and the decoder folder that made them.</summary>
public sealed record VaeDecoded(float[] Pixels, int Height, int Width, string Folder);

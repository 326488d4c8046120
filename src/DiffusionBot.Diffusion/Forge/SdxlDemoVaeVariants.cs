using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// The fp16 VAE layouts of SDXL exports, added to a forged SDXL demo folder (<see cref="SdxlDemoModelForge"/>): the
/// stock fp16 decoder whose activations leave fp16's range as SDXL's do, an fp32 copy in <c>vae_decoder_fp32/</c> and
/// an fp16-fixed one in <c>vae_decoder_fp16_fix/</c> (see <c>VaeDecoding</c>).
/// </summary>
public static class SdxlDemoVaeVariants
{
    /// <summary>Activations are scaled by this inside the fp16 decoder: any colour channel beyond ±0.66 overflows fp16's 65504.</summary>
    private const float ActivationScale = 1e5f;

    /// <summary>Replaces <c>vae_decoder/</c> with an fp16 decoder that overflows, and sets its config's <c>force_upcast</c>.</summary>
    public static void WriteOverflowingFp16Decoder(string folder, bool forceUpcast)
    {
        OnnxModelFile.Write(BuildHalfDecoder(overflows: true), Path.Combine(folder, "vae_decoder", "model.onnx"));
        SdxlConfigFiles.WriteVaeConfigs(folder, forceUpcast);
    }

    /// <summary>Writes <c>vae_decoder_fp32/</c>: the demo's exact fp32 decoder.</summary>
    public static void WriteFp32Decoder(string folder) =>
        OnnxModelFile.Write(DemoVaeGraphs.BuildDecoder(SdxlConfigFiles.VaeScalingFactor, DemoLatentSpace.Sdxl), Path.Combine(folder, "vae_decoder_fp32", "model.onnx"));

    /// <summary>Writes <c>vae_decoder_fp16_fix/</c>: an fp16 decoder whose activations stay in range, with <c>force_upcast</c> false as sdxl-vae-fp16-fix's config has it.</summary>
    public static void WriteFp16FixDecoder(string folder)
    {
        OnnxModelFile.Write(BuildHalfDecoder(overflows: false), Path.Combine(folder, "vae_decoder_fp16_fix", "model.onnx"));
        ForgeJson.Write(Path.Combine(folder, "vae_decoder_fp16_fix", "config.json"), json =>
        {
            json.WriteString("_class_name", "AutoencoderKL");
            json.WriteBoolean("force_upcast", false);
            json.WriteNumber("scaling_factor", SdxlConfigFiles.VaeScalingFactor);
        });
    }

    // fp16 in and out like an fp16 export; the overflowing one passes its activations through fp16 at 1e5× their size.
    private static ModelProto BuildHalfDecoder(bool overflows)
    {
        var space = DemoLatentSpace.Sdxl;
        var g = new OnnxGraphBuilder(overflows ? "demo_xl_vae_decoder_fp16" : "demo_xl_vae_decoder_fp16_fix");
        var latent = g.InputAsFloat("latent_sample", DataType.Float16, "batch", DemoLatentSpace.Channels, "height", "width");
        var rgb = g.Node("Conv", [latent, g.Floats(space.DecoderWeights(SdxlConfigFiles.VaeScalingFactor), 3, DemoLatentSpace.Channels, 1, 1), g.Floats(space.DecoderBias(), 3)]);
        if (overflows)
        {
            var activations = g.Cast(g.Mul(rgb, g.Scalar(ActivationScale)), DataType.Float16);
            rgb = g.Div(g.Cast(activations, DataType.Float), g.Scalar(ActivationScale));
        }

        const float up = DemoLatentSpace.Downscale;
        var image = g.Node("Resize", [rgb, "", g.Floats([1f, 1f, up, up], 4)], OnnxGraphBuilder.String("mode", "nearest"));
        g.OutputFromFloat("sample", image, DataType.Float16, "batch", 3, "image_height", "image_width");
        return g.Build();
    }
}

using Onnx;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>transformers' CLIPTextModel with ViT-L/14's text configuration: 12 layers, 12 heads, quick-GELU MLPs.</summary>
internal static class Sd15TextEncoderGraph
{
    public static ModelProto Build(Sd15Dimensions d, TinyWeights weights) =>
        ClipTextEncoderGraph.Build(new ClipTextConfig(d.ClipHidden, Sd15Dimensions.ClipLayers, Sd15Dimensions.ClipHeads, d.ClipIntermediate, QuickGelu: true, HiddenStates: false, Projection: false), weights);
}

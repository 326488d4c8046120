using DiffusionBot.Diffusion.Lora;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// The demo's textual-inversion embedding, <c>goldleaf</c> (A1111's <c>emb_params</c> layout): one vector, the demo
/// encoder's row for "yellow", bound to a new token; "goldleaf" alone is two tokens the demo reads as nothing, so
/// with the embedding it paints yellow and without it it does not.
/// </summary>
public static class DemoEmbeddingForge
{
    public const string Name = "goldleaf";

    public static void Write(string path)
    {
        var row = DemoTextEncoderGraph.Row("yellow", DemoModelForge.HiddenSize);
        SafetensorsWriter.Write(path, [new SafetensorsTensor("emb_params", [1, row.Length], row)]);
    }
}

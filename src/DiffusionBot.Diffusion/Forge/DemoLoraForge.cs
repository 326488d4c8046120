using DiffusionBot.Diffusion.Lora;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// The demo's LoRA, <c>red-to-blue</c> (kohya format): a rank-2 delta on the UNet's
/// <c>prompt_proj</c> that moves the text embedding's "red" dimensions (field and disc) onto "blue"'s,
/// so at weight 1 "red" paints blue and at weight 0 nothing changes.
/// </summary>
public static class DemoLoraForge
{
    public const string Name = "red-to-blue";

    public static void Write(string path)
    {
        var hidden = DemoModelForge.HiddenSize;
        (DemoConceptShape Shape, int Rank)[] pairs = [(DemoConceptShape.Field, 0), (DemoConceptShape.Disc, 1)];
        var rank = pairs.Length;
        var down = new float[rank * hidden];
        var up = new float[hidden * rank];
        foreach (var (shape, r) in pairs)
        {
            var red = Dimension("red", shape);
            down[(r * hidden) + red] = 1f;
            up[(Dimension("blue", shape) * rank) + r] = 1f;
            up[(red * rank) + r] = -1f;
        }

        var key = "lora_unet_" + DemoUnetGraph.PromptProjectionModule;
        SafetensorsWriter.Write(path, [
            new SafetensorsTensor(key + ".lora_down.weight", [rank, hidden], down),
            new SafetensorsTensor(key + ".lora_up.weight", [hidden, rank], up),
            new SafetensorsTensor(key + ".alpha", [], [rank]),
        ]);
    }

    /// <summary>The text dimension of a colour's field or disc concept.</summary>
    private static int Dimension(string colour, DemoConceptShape shape) =>
        DemoConceptCatalog.All.Select((c, i) => (c, i)).First(x => x.c.Shape == shape && x.c.Words.Contains(colour)).i;
}

namespace DiffusionBot.Diffusion.Lora;

/// <summary>
/// One low-rank pair of a LoRA file: delta = scale · up · down, with up [out, rank(, 1, 1)] and
/// down [rank, in(, k, k)]. <see cref="Name"/> is a kohya name (module path with '.' → '_') or a
/// module path (diffusers/PEFT); <see cref="Key"/> is the file's own key prefix, for messages.
/// </summary>
public sealed record LoraModule(LoraPart Part, string Name, bool IsKohyaName, string Key, SafetensorsTensor Down, SafetensorsTensor Up, float Alpha)
{
    public int Rank => (int)Down.Shape[0];

    /// <summary>kohya's scale: alpha / rank (alpha defaults to the rank, i.e. scale 1).</summary>
    public float Scale => Alpha / Rank;

    public int OutFeatures => (int)Up.Shape[0];

    /// <summary>Everything down multiplies: in-features, or in-channels × kernel for a convolution.</summary>
    public int InFeatures => (int)(Down.Count / Rank);
}

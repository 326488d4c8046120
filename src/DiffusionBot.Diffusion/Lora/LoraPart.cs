namespace DiffusionBot.Diffusion.Lora;

/// <summary>The sub-model a LoRA module changes, by its folder name.</summary>
public enum LoraPart
{
    Unet,
    TextEncoder,
}

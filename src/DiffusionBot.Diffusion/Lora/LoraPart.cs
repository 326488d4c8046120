namespace DiffusionBot.Diffusion.Lora;

/// <summary>The sub-model a LoRA module changes, by its folder name.</summary>
public enum LoraPart
{
    Unet,
    TextEncoder,

    /// <summary>SDXL's second text encoder (OpenCLIP bigG): kohya's <c>lora_te2_</c>, PEFT's <c>text_encoder_2.</c>.</summary>
    TextEncoder2,
}

namespace DiffusionBot.Diffusion.Lora;

/// <summary>A LoRA applied at a weight (A1111's <c>&lt;lora:name:weight&gt;</c>).</summary>
public sealed record LoraWeight(LoraFile Lora, float Weight);

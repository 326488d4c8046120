namespace DiffusionBot.Diffusion.Lora;

/// <summary>A LoRA or embedding file that cannot be used; the message is one line a user can read.</summary>
public sealed class LoraException(string message, Exception? inner = null) : Exception(message, inner);

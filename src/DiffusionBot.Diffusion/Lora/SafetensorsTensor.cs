namespace DiffusionBot.Diffusion.Lora;

/// <summary>One tensor of a safetensors file, widened to float32 (the file stores F32, F16 or BF16).</summary>
public sealed record SafetensorsTensor(string Name, long[] Shape, float[] Values)
{
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);
}

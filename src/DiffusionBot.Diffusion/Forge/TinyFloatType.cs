namespace DiffusionBot.Diffusion.Forge;

/// <summary>The element type of every float input and output of every sub-model.</summary>
public enum TinyFloatType
{
    /// <summary>32-bit floats, as the default exports.</summary>
    Float32,

    /// <summary>16-bit floats, as the diffusers <c>--fp16</c> export and ORT's float16 optimizer with <c>keep_io_types=False</c>.</summary>
    Float16,
}

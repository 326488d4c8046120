namespace DiffusionBot.Diffusion.Forge;

/// <summary>The element type of the UNet's <c>timestep</c> input, which differs between exporters.</summary>
public enum TinyTimestepType
{
    /// <summary>The diffusers script after PR #1173, and Optimum ≥ 1.24.</summary>
    Float,

    /// <summary>The diffusers script with <c>--fp16</c>.</summary>
    Float16,

    /// <summary>The diffusers script before PR #1173, and Optimum &lt; 1.24.</summary>
    Int64,
}

namespace DiffusionBot.Diffusion.Forge;

/// <summary>The declared shape of the UNet's <c>timestep</c> input.</summary>
public enum TinyTimestepShape
{
    /// <summary>[batch], a dynamic axis (diffusers script, Optimum &lt; 1.24).</summary>
    Batch,

    /// <summary>[1], a fixed single element.</summary>
    One,

    /// <summary>[], a true scalar (Optimum ≥ 1.24).</summary>
    Scalar,
}

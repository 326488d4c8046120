namespace DiffusionBot.Diffusion.Forge;

/// <summary>The element type of the text encoder's <c>input_ids</c>.</summary>
public enum TinyIdsType
{
    /// <summary>The diffusers conversion script (the pipeline casts with <c>astype(np.int32)</c>).</summary>
    Int32,

    /// <summary>Optimum's default <c>int_dtype</c>.</summary>
    Int64,
}

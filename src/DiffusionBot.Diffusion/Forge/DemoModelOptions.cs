namespace DiffusionBot.Diffusion.Forge;

/// <summary>How <see cref="DemoModelForge"/> builds the demo model. The defaults are the shipped demo.</summary>
public sealed record DemoModelOptions
{
    /// <summary>The default <see cref="PromptStrength"/>.</summary>
    /// <remarks>
    /// At 1.5 a prompt only nudges the concept posterior without guidance (g = 1: some seeds paint
    /// another concept), while g = 7.5 amplifies the nudge enough to land on the prompted concept for
    /// every seed the tests try.
    /// </remarks>
    public const float DefaultPromptStrength = 1.5f;

    /// <summary>The default <see cref="FieldPrior"/>.</summary>
    /// <remarks>
    /// A colour word marks both its field and its disc; the field's extra logit makes "red" paint a
    /// field, and it must stay below <see cref="DefaultPromptStrength"/> so the second mark that
    /// "circle" adds to the red disc outweighs it.
    /// </remarks>
    public const float DefaultFieldPrior = 0.75f;

    /// <summary>The default <see cref="EvidenceElements"/>.</summary>
    /// <remarks>
    /// The exact posterior grows with the number of latent elements, so at 512² the seed would decide
    /// the concept before the prompt is heard, and 64² would behave differently from 512². Weighing
    /// the data term as if the latent had 8 elements keeps both alike, leaves room for the prompt, and
    /// lets img2img at strength 0.9 follow the prompt while strength 0.3 keeps the init image.
    /// </remarks>
    public const float DefaultEvidenceElements = 8f;

    /// <summary>"epsilon" (SD1.x, the default) or "v_prediction" (SD2.x-768 style).</summary>
    public string PredictionType { get; init; } = PipelineConfigFiles.Epsilon;

    /// <summary>S: the logit added to a concept per prompt word that names it.</summary>
    public float PromptStrength { get; init; } = DefaultPromptStrength;

    /// <summary>The prior logit of every field concept over discs and gradients.</summary>
    public float FieldPrior { get; init; } = DefaultFieldPrior;

    /// <summary>The data term is the mean squared latent distance times this, whatever the resolution.</summary>
    public float EvidenceElements { get; init; } = DefaultEvidenceElements;

    /// <summary>
    /// A fixed length for the UNet's <c>encoder_hidden_states</c> sequence axis (77, as some exports declare), or null
    /// for a dynamic axis that takes prompts of any number of 77-token chunks.
    /// </summary>
    public int? FixedPromptLength { get; init; }

    /// <summary>
    /// Whether the posterior over concepts is taken per latent position instead of over the whole image; false for
    /// the shipped demo. A whole-image mixture pulls a repainted region back to the kept image's concept, so
    /// inpainting and outpainting need the local one.
    /// </summary>
    public bool LocalPosterior { get; init; }

    /// <summary>
    /// Whether the UNet is an inpainting UNet (diffusers' <c>in_channels</c> 9): it also takes the mask and the masked
    /// image's latents, predicts the masked image's latents where the mask keeps and the prompt's concept (posterior per
    /// position) where it repaints. False for the shipped demo.
    /// </summary>
    public bool Inpainting { get; init; }
}

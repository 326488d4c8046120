namespace DiffusionBot.Diffusion.Forge;

/// <summary>The kinds of image the demo model knows how to paint.</summary>
public enum DemoConceptShape
{
    /// <summary>The whole image in one colour.</summary>
    Field,

    /// <summary>A centred disc of one colour on a mid-grey background.</summary>
    Disc,

    /// <summary>A left-to-right blend from <see cref="DemoConcept.Rgb"/> to <see cref="DemoConcept.EndRgb"/>.</summary>
    HorizontalGradient,

    /// <summary>A top-to-bottom blend from <see cref="DemoConcept.Rgb"/> to <see cref="DemoConcept.EndRgb"/>.</summary>
    VerticalGradient,
}

using System.Numerics;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// One image the demo model can paint, with colours in the decoder's [-1, 1] range
/// (a pipeline maps them to bytes by <c>(rgb + 1) · 127.5</c>).
/// </summary>
/// <param name="Name">A readable name, e.g. "red disc".</param>
/// <param name="Shape">What the image looks like.</param>
/// <param name="Rgb">The concept's colour (a gradient's start colour).</param>
/// <param name="EndRgb">A gradient's end colour; unused otherwise.</param>
/// <param name="Words">The prompt words that select this concept (none for the unnamed gradients).</param>
public sealed record DemoConcept(string Name, DemoConceptShape Shape, Vector3 Rgb, Vector3 EndRgb, IReadOnlyList<string> Words)
{
    /// <summary>Disc radius as a fraction of the image side.</summary>
    public const float DiscRadius = 0.35f;

    /// <summary>The disc's background: mid-grey, rgb 0.</summary>
    public static readonly Vector3 Background = Vector3.Zero;

    /// <summary>The colour at (<paramref name="x"/>, <paramref name="y"/>), both in [0, 1] from the top-left corner.</summary>
    public Vector3 RgbAt(float x, float y) => Shape switch
    {
        DemoConceptShape.Field => Rgb,
        DemoConceptShape.Disc => IsInsideDisc(x, y) ? Rgb : Background,
        DemoConceptShape.HorizontalGradient => Vector3.Lerp(Rgb, EndRgb, x),
        DemoConceptShape.VerticalGradient => Vector3.Lerp(Rgb, EndRgb, y),
        _ => throw new InvalidOperationException($"Unknown shape {Shape}."),
    };

    /// <summary>Whether (<paramref name="x"/>, <paramref name="y"/>) lies inside the disc of a disc concept.</summary>
    public static bool IsInsideDisc(float x, float y) =>
        ((x - 0.5f) * (x - 0.5f)) + ((y - 0.5f) * (y - 0.5f)) <= DiscRadius * DiscRadius;
}

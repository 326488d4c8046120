using System.Numerics;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>The demo model's concepts, in the order of the text embedding's dimensions.</summary>
internal static class DemoConceptCatalog
{
    public static readonly IReadOnlyList<string> ShapeWords = ["circle", "disc"];

    public static readonly IReadOnlyList<(string Word, Vector3 Rgb)> Colors =
    [
        ("red", new Vector3(1, -1, -1)),
        ("green", new Vector3(-1, 1, -1)),
        ("blue", new Vector3(-1, -1, 1)),
        ("yellow", new Vector3(1, 1, -1)),
        ("white", new Vector3(1, 1, 1)),
        ("black", new Vector3(-1, -1, -1)),
    ];

    public static readonly IReadOnlyList<DemoConcept> All = Build();

    private static DemoConcept[] Build()
    {
        var concepts = new List<DemoConcept>();
        foreach (var (word, rgb) in Colors)
        {
            concepts.Add(new DemoConcept($"{word} field", DemoConceptShape.Field, rgb, rgb, [word]));
        }

        foreach (var (word, rgb) in Colors)
        {
            concepts.Add(new DemoConcept($"{word} disc", DemoConceptShape.Disc, rgb, rgb, [word, .. ShapeWords]));
        }

        // Unnamed, so an empty prompt still has more to land on than flat colours and discs.
        concepts.Add(new DemoConcept("dusk gradient", DemoConceptShape.HorizontalGradient,
            new Vector3(-0.6f, -0.3f, 0.8f), new Vector3(0.8f, 0.2f, -0.5f), []));
        concepts.Add(new DemoConcept("meadow gradient", DemoConceptShape.VerticalGradient,
            new Vector3(-0.3f, 0.3f, 0.9f), new Vector3(-0.2f, 0.5f, -0.6f), []));
        return [.. concepts];
    }
}

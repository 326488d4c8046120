namespace DiffusionBot.Chat.Replies;

/// <summary>One button under a result.</summary>
/// <param name="Kind">What it does.</param>
/// <param name="ImageIndex">The image it acts on, from 0; null for <see cref="ResultActionKind.Reroll"/>.</param>
public sealed record ResultAction(ResultActionKind Kind, int? ImageIndex = null)
{
    /// <summary>The button's label: <c>U1</c>, <c>V2</c>, <c>🔁</c>.</summary>
    public string Label => Kind switch
    {
        ResultActionKind.Upscale => $"U{ImageIndex + 1}",
        ResultActionKind.Vary => $"V{ImageIndex + 1}",
        ResultActionKind.Reroll => "🔁",
        _ => throw new InvalidOperationException($"Unknown action {Kind}."),
    };

    /// <summary>The Midjourney set for a grid of <paramref name="imageCount"/>: U1…Un, V1…Vn, then Reroll.</summary>
    public static IReadOnlyList<ResultAction> ForGrid(int imageCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(imageCount);
        var actions = new List<ResultAction>(2 * imageCount + 1);
        for (var i = 0; i < imageCount; i++)
        {
            actions.Add(new ResultAction(ResultActionKind.Upscale, i));
        }

        for (var i = 0; i < imageCount; i++)
        {
            actions.Add(new ResultAction(ResultActionKind.Vary, i));
        }

        actions.Add(new ResultAction(ResultActionKind.Reroll));
        return actions;
    }
}

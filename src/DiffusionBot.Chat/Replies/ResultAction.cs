namespace DiffusionBot.Chat.Replies;

/// <summary>One button under a result.</summary>
/// <param name="Kind">What it does.</param>
/// <param name="ImageIndex">The image it acts on, from 0; null for <see cref="ResultActionKind.Reroll"/>.</param>
/// <param name="Edit">For <see cref="ResultActionKind.Edit"/>: what it does (<see cref="Edits.ImageEdit"/>).</param>
public sealed record ResultAction(ResultActionKind Kind, int? ImageIndex = null, string? Edit = null)
{
    /// <summary>The button's label: <c>U1</c>, <c>V2</c>, <c>🔁</c>.</summary>
    public string Label => Kind switch
    {
        ResultActionKind.Upscale => $"U{ImageIndex + 1}",
        ResultActionKind.Vary => $"V{ImageIndex + 1}",
        ResultActionKind.Reroll => "🔁",
        ResultActionKind.Edit => Edits.ImageEdit.Label(Edit!),
        ResultActionKind.RegionMenu => "Vary (Region)",
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

    /// <summary>
    /// Under one image alone (U1…Un, or an edit's result, upscaled ones too): Vary (Subtle) and (Strong), Upscale 2×,
    /// Zoom Out 2× and 1.5×, the four pans, then the Vary (Region) menu, as Midjourney's single-image message has them.
    /// </summary>
    public static IReadOnlyList<ResultAction> ForSingle(int imageIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(imageIndex);
        return
        [
            .. Edits.ImageEdit.Varies.Select(v => new ResultAction(ResultActionKind.Edit, imageIndex, v)),
            new ResultAction(ResultActionKind.Edit, imageIndex, Edits.ImageEdit.Upscale),
            .. Edits.ImageEdit.Zooms.Select(z => new ResultAction(ResultActionKind.Edit, imageIndex, z)),
            .. Edits.ImageEdit.Pans.Select(p => new ResultAction(ResultActionKind.Edit, imageIndex, p)),
            new ResultAction(ResultActionKind.RegionMenu, imageIndex),
        ];
    }
}

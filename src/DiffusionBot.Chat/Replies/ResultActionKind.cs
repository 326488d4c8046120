namespace DiffusionBot.Chat.Replies;

/// <summary>What a result button does.</summary>
public enum ResultActionKind
{
    /// <summary>Post one image alone (U1…Un).</summary>
    Upscale,

    /// <summary>New variations of one image (V1…Vn).</summary>
    Vary,

    /// <summary>The same request with a new seed.</summary>
    Reroll,

    /// <summary>Repaint the image with its <see cref="ResultAction.Edit"/> (zoom out, pan, a region, upscale 2×).</summary>
    Edit,

    /// <summary>A menu of <see cref="Edits.ImageEdit.Regions"/> (Vary (Region)); the choice comes back as an <see cref="Edit"/>.</summary>
    RegionMenu,
}

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
}

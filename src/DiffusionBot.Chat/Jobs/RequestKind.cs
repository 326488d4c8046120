namespace DiffusionBot.Chat.Jobs;

/// <summary>What made a request; stored as text.</summary>
public static class RequestKind
{
    public const string Imagine = "imagine";
    public const string Img2Img = "img2img";
    public const string Vary = "vary";
    public const string Reroll = "reroll";
    public const string Edit = "edit";
}

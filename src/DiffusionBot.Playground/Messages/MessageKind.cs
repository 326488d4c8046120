namespace DiffusionBot.Playground.Messages;

/// <summary>What a playground message is; the page styles each kind (<c>data-kind</c>).</summary>
internal static class MessageKind
{
    /// <summary>Something the local user typed or pressed.</summary>
    public const string User = "user";

    /// <summary>The bot's status message for one command; status lines and previews edit it.</summary>
    public const string Status = "status";

    /// <summary>Finished images with their buttons, in the thread under a status message.</summary>
    public const string Result = "result";

    /// <summary>A polite line saying why something failed or was refused.</summary>
    public const string Error = "error";
}

namespace DiffusionBot.Slack.WebApi;

/// <summary>
/// One file for the three-step upload. With <see cref="ChannelId"/> (and optionally <see cref="ThreadTs"/>) it is shared
/// there; without, it stays unshared, e.g. a preview to show by file id in an edited message.
/// </summary>
internal sealed record SlackFileUpload(string FileName, ReadOnlyMemory<byte> Content)
{
    public string? Title { get; init; }

    /// <summary>Alt text for screen readers (sent as <c>alt_txt</c>, as Slack's docs name it).</summary>
    public string? AltText { get; init; }

    public string? ChannelId { get; init; }

    /// <summary>The parent message's ts, to share into its thread; needs <see cref="ChannelId"/>.</summary>
    public string? ThreadTs { get; init; }

    public string? InitialComment { get; init; }
}

using System.ComponentModel.DataAnnotations;

namespace DiffusionBot.Chat.Replies;

/// <summary>The <c>Preview</c> configuration section.</summary>
public sealed class PreviewOptions
{
    public const string SectionName = "Preview";

    /// <summary>The default for <see cref="Interval"/>: 1.5 seconds.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1.5);

    /// <summary>The shortest time between two preview edits of one message.</summary>
    /// <remarks>
    /// Each preview is a message edit, and both platforms limit edits: Discord allows about 5 per 5 seconds per channel
    /// and answers more with 429s that stall the final post; Slack's <c>chat.update</c> is Tier 3 (about 50 a minute
    /// per workspace, shared by every channel). 1.5 s keeps one running request well inside both and still looks live.
    /// </remarks>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan Interval { get; set; } = DefaultInterval;
}

using System.ComponentModel.DataAnnotations;

namespace DiffusionBot.Playground;

/// <summary>The <c>Playground</c> configuration section: the local web chat served by the host.</summary>
public sealed class PlaygroundOptions
{
    public const string SectionName = "Playground";
    public const string DefaultChannel = "general";
    public const int DefaultHistoryLimit = 200;
    public const string DefaultUser = "you";

    /// <summary>The default for <see cref="PollInterval"/>: 200 ms.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Whether the host serves the page and its API (the reply stays registered either way).</summary>
    /// <remarks>On by default: the playground is how a new user tries the bot without a Discord or Slack app.</remarks>
    public bool Enabled { get; set; } = true;

    /// <summary>The one channel the page shows.</summary>
    [Required]
    [RegularExpression("^[a-z0-9_-]{1,64}$")]
    public string Channel { get; set; } = DefaultChannel;

    /// <summary>Who the local user is (an admin); several chat processes can play different people.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_-]{1,64}$")]
    public string User { get; set; } = DefaultUser;

    /// <summary>The password callers not on this machine must send (HTTP Basic, any user name, or a Bearer token).</summary>
    /// <remarks>
    /// Empty by default, which keeps the playground to loopback callers: whoever reaches it is an admin of its channel, so
    /// binding the host to 0.0.0.0 (as the Dockerfile does) must not open it to the network. A secret: set it through the
    /// environment (<c>Playground__Password</c>), never in appsettings.json.
    /// </remarks>
    public string? Password { get; set; }

    /// <summary>How often the event stream asks the database for new or changed messages.</summary>
    /// <remarks>
    /// The page is fed from the database, not from in-process events, because the worker that edits a message may run in
    /// another process. 200 ms looks live and costs one indexed query per open page.
    /// </remarks>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan PollInterval { get; set; } = DefaultPollInterval;

    /// <summary>How many recent messages a newly opened page receives.</summary>
    [Range(1, 10_000)]
    public int HistoryLimit { get; set; } = DefaultHistoryLimit;
}

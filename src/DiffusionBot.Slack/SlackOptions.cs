namespace DiffusionBot.Slack;

/// <summary>Settings for the Slack adapter, bound from the <c>Slack</c> section.</summary>
public sealed class SlackOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Slack";

    /// <summary>The default Web API base URL.</summary>
    public const string DefaultApiBaseUrl = "https://slack.com/api";

    /// <summary>The host that serves <c>url_private</c> files when <see cref="FileHosts"/> is empty.</summary>
    public const string DefaultFileHost = "files.slack.com";

    /// <summary>The default number of seconds between two preview edits of one message.</summary>
    public const int DefaultPreviewIntervalSeconds = 2;

    /// <summary>The default largest file the bot downloads from Slack: 20 MiB.</summary>
    public const long DefaultMaxDownloadBytes = 20L * 1024 * 1024;

    /// <summary>The default interval between two WebSocket pings in Socket Mode.</summary>
    public const int DefaultSocketPingIntervalSeconds = 5;

    /// <summary>The default time a pong may take before the socket is declared dead.</summary>
    public const int DefaultSocketPongTimeoutSeconds = 10;

    /// <summary>The bot token (<c>xoxb-…</c>) used for every Web API call except <c>apps.connections.open</c>.</summary>
    public string BotToken { get; set; } = "";

    /// <summary>The app-level token (<c>xapp-…</c>, scope <c>connections:write</c>) used only to open Socket Mode connections.</summary>
    public string AppToken { get; set; } = "";

    /// <summary>The signing secret that HTTP mode checks every request against.</summary>
    public string SigningSecret { get; set; } = "";

    /// <summary>How Slack reaches the bot.</summary>
    /// <remarks>Socket Mode is the default because it needs no public URL and no TLS certificate.</remarks>
    public SlackMode Mode { get; set; } = SlackMode.Socket;

    /// <summary>The Web API base URL; a method's URL is this plus <c>/</c> plus the method name.</summary>
    /// <remarks>A setting, so that a local peer can stand in for Slack in tests.</remarks>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>The hosts that may receive the bot token when a <c>url_private</c> file is downloaded.</summary>
    /// <remarks>
    /// Empty means <see cref="DefaultFileHost"/> alone. The list starts empty because the configuration binder
    /// appends to a collection it finds filled, so a default here could never be replaced.
    /// </remarks>
    public string[] FileHosts { get; set; } = [];

    /// <summary>Seconds between two preview edits of one message.</summary>
    /// <remarks>Slack allows about one message write per second per channel; 2 s leaves room for the final post and other users.</remarks>
    public int PreviewIntervalSeconds { get; set; } = DefaultPreviewIntervalSeconds;

    /// <summary>Slack user ids that are bot admins in addition to workspace admins and owners.</summary>
    public string[] AdminUsers { get; set; } = [];

    /// <summary>The largest file, in bytes, that the bot downloads from Slack.</summary>
    /// <remarks>Caps the memory one pasted image can take before it is decoded.</remarks>
    public long MaxDownloadBytes { get; set; } = DefaultMaxDownloadBytes;

    /// <summary>Seconds between two WebSocket pings on a Socket Mode connection.</summary>
    /// <remarks>Slack's own SDK pings every 5 s and treats a missing pong as a dead connection.</remarks>
    public int SocketPingIntervalSeconds { get; set; } = DefaultSocketPingIntervalSeconds;

    /// <summary>Seconds a pong may take before the Socket Mode connection is dropped and reopened.</summary>
    public int SocketPongTimeoutSeconds { get; set; } = DefaultSocketPongTimeoutSeconds;

    /// <summary>Whether the adapter runs: a bot token is configured.</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(BotToken);

    /// <summary>The hosts that may receive the bot token on a file download: <see cref="FileHosts"/>, or the default host.</summary>
    public IReadOnlyList<string> EffectiveFileHosts() => FileHosts.Length == 0 ? [DefaultFileHost] : FileHosts;
}

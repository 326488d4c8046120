using System.ComponentModel.DataAnnotations;

namespace DiffusionBot.Discord;

/// <summary>The <c>Discord</c> configuration section: the bot's credentials and where Discord lives.</summary>
public sealed class DiscordOptions
{
    public const string SectionName = "Discord";

    /// <summary>REST root including the API version; every route is appended to it.</summary>
    public const string DefaultApiBaseUrl = "https://discord.com/api/v10";

    /// <summary>
    /// Guilds, guild messages, guild message reactions, direct messages and DM reactions (13825).
    /// </summary>
    /// <remarks>
    /// <see cref="GatewayIntents.MessageContent"/> is left out on purpose: it is privileged, and without it enabled in the
    /// Developer Portal the gateway closes with 4014. Mentions of the bot and DMs carry their content anyway.
    /// </remarks>
    public const GatewayIntents DefaultIntents =
        GatewayIntents.Guilds | GatewayIntents.GuildMessages | GatewayIntents.GuildMessageReactions
        | GatewayIntents.DirectMessages | GatewayIntents.DirectMessageReactions;

    /// <summary>Hosts that serve message attachments; images are only fetched from these.</summary>
    public static readonly IReadOnlyList<string> DefaultCdnHosts = ["cdn.discordapp.com", "media.discordapp.net"];

    /// <summary>Discord's default per-file upload limit (10 MiB); larger PNGs are re-encoded to JPEG.</summary>
    public const int DefaultMaxUploadBytes = 10 * 1024 * 1024;

    /// <summary>The most bytes one message may carry (25 MiB for a whole create-message request).</summary>
    public const int MaxRequestBytes = 25 * 1024 * 1024;

    /// <summary>The bot token from the Developer Portal. Never logged.</summary>
    [Required]
    public string Token { get; set; } = "";

    /// <summary>The application (client) id; interaction webhooks and command registration are keyed by it.</summary>
    public ulong ApplicationId { get; set; }

    /// <summary>REST root with the version, without a trailing slash.</summary>
    [Required]
    [Url]
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>A fixed gateway URL; when empty the URL comes from <c>GET /gateway/bot</c>.</summary>
    /// <remarks>
    /// The client always appends <c>?v=10&amp;encoding=json</c>. <c>GET /gateway/bot</c> is still asked before every Identify,
    /// for the session start limit (the daily identify budget).
    /// </remarks>
    public string? GatewayUrl { get; set; }

    /// <summary>Intents sent in Identify. Add <c>MessageContent</c> only after enabling it in the Developer Portal.</summary>
    public GatewayIntents Intents { get; set; } = DefaultIntents;

    /// <summary>When set, slash commands are registered on this guild only (instant) instead of globally (may take a while).</summary>
    public ulong? GuildId { get; set; }

    /// <summary>Hosts from which attachment URLs are accepted.</summary>
    public IList<string> CdnHosts { get; set; } = [.. DefaultCdnHosts];

    /// <summary>The per-file upload limit the bot keeps under; a PNG above it is sent as a JPEG.</summary>
    /// <remarks>Discord's default is 10 MiB per file for every user; boosted guilds allow more, but workers cannot know that.</remarks>
    [Range(64 * 1024, MaxRequestBytes)]
    public int MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;
}

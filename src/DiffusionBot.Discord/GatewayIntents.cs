namespace DiffusionBot.Discord;

/// <summary>Gateway intent bits sent in Identify (Discord API v10, "List of Intents").</summary>
/// <remarks>Members marked privileged must also be switched on in the Developer Portal, or the gateway closes with 4014.</remarks>
[Flags]
public enum GatewayIntents
{
    None = 0,
    Guilds = 1 << 0,

    /// <summary>Privileged.</summary>
    GuildMembers = 1 << 1,
    GuildModeration = 1 << 2,
    GuildExpressions = 1 << 3,
    GuildIntegrations = 1 << 4,
    GuildWebhooks = 1 << 5,
    GuildInvites = 1 << 6,
    GuildVoiceStates = 1 << 7,

    /// <summary>Privileged.</summary>
    GuildPresences = 1 << 8,
    GuildMessages = 1 << 9,
    GuildMessageReactions = 1 << 10,
    GuildMessageTyping = 1 << 11,
    DirectMessages = 1 << 12,
    DirectMessageReactions = 1 << 13,
    DirectMessageTyping = 1 << 14,

    /// <summary>Privileged: unlocks <c>content</c>, <c>attachments</c> and <c>components</c> of messages that do not mention the bot.</summary>
    MessageContent = 1 << 15,
    GuildScheduledEvents = 1 << 16,
    AutoModerationConfiguration = 1 << 20,
    AutoModerationExecution = 1 << 21,
    GuildMessagePolls = 1 << 24,
    DirectMessagePolls = 1 << 25,
}

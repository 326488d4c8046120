namespace DiffusionBot.Discord.Gateway;

/// <summary>
/// Gateway close codes and what each one asks of the client: the "Reconnect" and "Resume" columns of "Gateway Close Event
/// Codes" (discord.com/developers/docs/topics/opcodes-and-status-codes). Only 4000, 4002 and 4008 keep the session.
/// </summary>
internal static class GatewayCloseCodes
{
    public const int AuthenticationFailed = 4004;
    public const int DisallowedIntents = 4014;

    /// <summary>The code the client closes with when it means to resume (not 1000/1001, which end the session).</summary>
    public const int ClientResume = 4000;

    public static (ReconnectAction Action, string? Cause) Classify(int? code) => code switch
    {
        4001 or 4003 or 4005 or 4007 or 4009 => (ReconnectAction.Reidentify, null),
        AuthenticationFailed => (ReconnectAction.Fatal, "authentication failed: the bot token is wrong or was reset (Discord:Token)"),
        4010 => (ReconnectAction.Fatal, "invalid shard"),
        4011 => (ReconnectAction.Fatal, "sharding required: the bot is in too many guilds for one connection"),
        4012 => (ReconnectAction.Fatal, "invalid API version"),
        4013 => (ReconnectAction.Fatal, "invalid intents: Discord:Intents has bits Discord does not know"),
        DisallowedIntents => (ReconnectAction.Fatal, "disallowed intents: privileged intent not enabled in the developer portal (Bot → Privileged Gateway Intents), or remove it from Discord:Intents"),
        _ => (ReconnectAction.Resume, null),
    };
}

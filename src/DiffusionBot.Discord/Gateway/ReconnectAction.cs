namespace DiffusionBot.Discord.Gateway;

/// <summary>What follows the end of a connection.</summary>
internal enum ReconnectAction
{
    /// <summary>Connect to <c>resume_gateway_url</c> and send Resume.</summary>
    Resume,

    /// <summary>Forget the session, connect to the gateway URL and Identify.</summary>
    Reidentify,

    /// <summary>Stop: retrying cannot help (bad token, intents, version, sharding).</summary>
    Fatal,
}

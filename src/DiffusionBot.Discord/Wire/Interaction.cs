using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>
/// INTERACTION_CREATE: a slash or message command (type 2) or a button press (type 3). The token is a credential.
/// <see cref="AppPermissions"/> is the bot's permission bitset in the interaction's channel, as a decimal string.
/// </summary>
internal sealed record Interaction(
    [property: JsonPropertyName("id")] ulong Id,
    [property: JsonPropertyName("application_id")] ulong ApplicationId,
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("data")] InteractionData? Data,
    [property: JsonPropertyName("guild_id")] ulong? GuildId,
    [property: JsonPropertyName("channel_id")] ulong? ChannelId,
    [property: JsonPropertyName("channel")] InteractionChannel? Channel,
    [property: JsonPropertyName("member")] GuildMember? Member,
    [property: JsonPropertyName("user")] DiscordUser? User,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("message")] DiscordMessage? Message,
    [property: JsonPropertyName("app_permissions")] string? AppPermissions = null)
{
    public const int ApplicationCommand = 2;
    public const int MessageComponent = 3;

    /// <summary>APPLICATION_COMMAND_AUTOCOMPLETE: the user is typing into an option with <c>autocomplete</c>.</summary>
    public const int Autocomplete = 4;

    /// <summary>MODAL_SUBMIT: the user sent a form the bot opened (callback type 9).</summary>
    public const int ModalSubmit = 5;
}

using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>The body of <c>POST /interactions/{id}/{token}/callback</c>.</summary>
internal sealed record InteractionResponse(
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("data")] MessageBody? Data)
{
    /// <summary>CHANNEL_MESSAGE_WITH_SOURCE.</summary>
    public const int ChannelMessage = 4;

    /// <summary>DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: "thinking…", edited later through <c>@original</c>.</summary>
    public const int DeferredChannelMessage = 5;
}

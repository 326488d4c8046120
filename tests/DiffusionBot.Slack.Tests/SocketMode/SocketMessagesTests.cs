using System.Text.Json;
using DiffusionBot.Slack.SocketMode;

namespace DiffusionBot.Slack.Tests.SocketMode;

public sealed class SocketMessagesTests
{
    [Theory]
    [InlineData("warning", nameof(DisconnectReason.Warning))]
    [InlineData("refresh_requested", nameof(DisconnectReason.RefreshRequested))]
    [InlineData("too_many_websockets", nameof(DisconnectReason.TooManyWebsockets))]
    [InlineData("socket_mode_disabled", nameof(DisconnectReason.SocketModeDisabled))]
    [InlineData("link_disabled", nameof(DisconnectReason.LinkDisabled))]
    [InlineData("something_new", nameof(DisconnectReason.Unknown))]
    public void DisconnectKind_NamesTheReason(string reason, string kind)
    {
        var disconnect = JsonSerializer.Deserialize($$"""{"type":"disconnect","reason":"{{reason}}","num_connections":2}""", SlackJsonContext.Default.Disconnect)!;

        Assert.Equal(kind, disconnect.Kind.ToString());
    }

    [Fact]
    public void SocketEnvelope_ReadsSlacksSlashCommandShape()
    {
        var envelope = JsonSerializer.Deserialize(
            """{"envelope_id":"1d3c79ab-0ffb-41f3-a080-d19e85f53649","payload":{"token":"verification-token","team_id":"T111","channel_id":"C111","user_id":"U111","command":"/hello-socket-mode","text":"","response_url":"https://hooks.slack.com/commands/T111/111/xxx","trigger_id":"111.222.xxx"},"type":"slash_commands","accepts_response_payload":true}""",
            SlackJsonContext.Default.SocketEnvelope)!;

        Assert.Equal((EnvelopeKind.SlashCommands, true, 0, null), (envelope.Kind, envelope.AcceptsResponsePayload, envelope.RetryAttempt, envelope.EventId));
        Assert.Equal("/hello-socket-mode", envelope.Payload.GetProperty("command").GetString());
    }

    [Fact]
    public void SocketAck_IsTheEnvelopeIdAlone() =>
        Assert.Equal("""{"envelope_id":"e1"}""", JsonSerializer.Serialize(new SocketAck { EnvelopeId = "e1" }, SlackJsonContext.Default.SocketAck));
}

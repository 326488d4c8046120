using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using DiffusionBot.Discord.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Discord.Tests.Gateway;

/// <summary>
/// The fake gateway closes as Discord documents, so a client that passes against it passes for the right reasons. Driven
/// by a raw WebSocket, on virtual time.
/// </summary>
public sealed class FakeGatewayTests : IAsyncLifetime
{
    private const string Identify = $$$$"""{"op":2,"d":{"token":"{{{{FakeDiscord.Token}}}}","intents":513,"properties":{"os":"linux","browser":"t","device":"t"}}}""";

    private readonly FakeTimeProvider _time = new();
    private readonly List<ClientWebSocket> _sockets = [];
    private FakeDiscord _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscord.StartAsync();
        _fake.Gateway.Time = _time;
    }

    public async Task DisposeAsync()
    {
        _sockets.ForEach(s => s.Dispose());
        await _fake.DisposeAsync();
    }

    [Theory]
    [InlineData("""{"op":1}""", 4001)]
    [InlineData("""{"op":42,"d":{}}""", 4001)]
    [InlineData("""{"op":2,"d":{"token":"test-token"}}""", 4001)]
    [InlineData("""not json""", 4002)]
    [InlineData("""{"d":null}""", 4002)]
    [InlineData("""{"op":3,"d":{"since":null,"activities":[],"status":"online","afk":false}}""", 4003)]
    public async Task Receive_ClosesWithTheDocumentedCode_WhenThePayloadIsInvalid(string payload, int code)
    {
        var socket = await ConnectAsync();

        await SendAsync(socket, payload);

        Assert.Equal(code, await CloseCodeAsync(socket));
    }

    [Fact]
    public async Task Receive_ClosesWith4002_WhenAPayloadIsOver4096Bytes()
    {
        var socket = await ConnectAsync();

        await SendAsync(socket, $$"""{"op":1,"d":null,"padding":"{{new string('x', 4096)}}"}""");

        Assert.Equal(4002, await CloseCodeAsync(socket));
    }

    [Fact]
    public async Task Receive_ClosesWith4005_WhenIdentifiedTwice()
    {
        var socket = await ConnectAsync();
        await SendAsync(socket, Identify);
        await _fake.Gateway.WaitForAsync("ready");

        await SendAsync(socket, Identify);

        Assert.Equal(4005, await CloseCodeAsync(socket));
    }

    [Fact]
    public async Task Receive_ClosesWith4008_OnThe121stPayloadWithinAMinute()
    {
        var socket = await ConnectAsync();
        for (var i = 0; i < FakeGateway.SendLimit; i++)
        {
            await SendAsync(socket, """{"op":1,"d":null}""");
            await _fake.Gateway.WaitForAsync("heartbeat");
        }

        await SendAsync(socket, """{"op":1,"d":null}""");

        Assert.Equal(4008, await CloseCodeAsync(socket));
    }

    [Fact]
    public async Task Heartbeat_ClosesTheConnection_WhenNoneArrivesWithinTheInterval()
    {
        var socket = await ConnectAsync();

        _time.Advance(TimeSpan.FromMilliseconds(FakeGateway.DiscordHeartbeatIntervalMs) * (1 + FakeGateway.HeartbeatTolerance));

        Assert.Equal(4000, await CloseCodeAsync(socket));
        Assert.Contains(_fake.Gateway.Rejections, r => r.Reason.Contains("Heartbeat", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Identify_InvalidatesTheSession_WhenASecondComesWithinFiveSeconds()
    {
        var first = await ConnectAsync();
        await SendAsync(first, Identify);
        await _fake.Gateway.WaitForAsync("ready");
        var second = await ConnectAsync();

        await SendAsync(second, Identify);

        using var invalid = JsonDocument.Parse(await ReceiveTextAsync(second));
        Assert.Equal(9, invalid.RootElement.GetProperty("op").GetInt32());
        Assert.False(invalid.RootElement.GetProperty("d").GetBoolean());
        Assert.Equal(1, _fake.Gateway.Identifies);
    }

    [Fact]
    public async Task Identify_ResetsTheToken_WhenTheDailyBudgetIsSpent()
    {
        _fake.Gateway.SetSessionStartLimit(remaining: 0, resetAfter: TimeSpan.FromHours(1));
        var socket = await ConnectAsync();

        await SendAsync(socket, Identify);

        Assert.Equal(4004, await CloseCodeAsync(socket));
        Assert.True(_fake.Gateway.TokenReset);
        Assert.Contains("\"remaining\":0", _fake.Gateway.GatewayBotJson(), StringComparison.Ordinal);
    }

    private async Task<ClientWebSocket> ConnectAsync()
    {
        var socket = new ClientWebSocket();
        _sockets.Add(socket);
        await socket.ConnectAsync(new Uri($"{_fake.GatewayUrl}?v=10&encoding=json"), CancellationToken.None);
        using var hello = JsonDocument.Parse(await ReceiveTextAsync(socket));
        Assert.Equal(10, hello.RootElement.GetProperty("op").GetInt32());
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    /// <summary>Reads past ACKs and dispatches to the close frame; its code.</summary>
    private static async Task<int?> CloseCodeAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (int?)socket.CloseStatus;
            }
        }
    }
}

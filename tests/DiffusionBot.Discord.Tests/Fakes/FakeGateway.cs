using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace DiffusionBot.Discord.Tests.Fakes;

/// <summary>
/// The gateway half of the fake, as strict as Discord: Hello, heartbeat ACKs and the heartbeat deadline, Identify (token,
/// privileged intents, the daily session start limit and one Identify per 5 s), READY, Resume with replay of every
/// dispatch after the client's <c>seq</c> then RESUMED, the 120-per-60 s send limit, close codes for bad payloads, and
/// hooks to misbehave. Sources: discord.com/developers/docs/events/gateway ("gateway.mdx") and
/// discord.com/developers/docs/topics/opcodes-and-status-codes ("close codes"). Split: <c>.Sessions.cs</c> (Identify,
/// the session start limit, Resume), <c>.Connection.cs</c>.
/// </summary>
internal sealed partial class FakeGateway(Uri resumeUrl, Uri gatewayUrl)
{
    /// <summary>Intents this fake application has not enabled in its "developer portal".</summary>
    public const GatewayIntents Privileged = GatewayIntents.GuildMembers | GatewayIntents.GuildPresences | GatewayIntents.MessageContent;

    /// <summary>Discord's usual <c>heartbeat_interval</c>.</summary>
    public const int DiscordHeartbeatIntervalMs = 41_250;

    /// <summary>gateway.mdx "Rate Limiting": 120 events per connection every 60 s, "immediately disconnected" above it (close code 4008).</summary>
    public const int SendLimit = 120;

    /// <summary>gateway.mdx "Sending Events": a payload over 4096 bytes closes the connection with 4002.</summary>
    public const int MaxPayloadBytes = 4096;

    public static readonly TimeSpan SendWindow = TimeSpan.FromSeconds(60);

    /// <summary>gateway.mdx "Rate Limiting" / "Max Concurrency": <c>max_concurrency</c> identifies per 5 s, else op 9.</summary>
    public static readonly TimeSpan IdentifyWindow = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How late past its interval a heartbeat may be. gateway.mdx "Heartbeat Interval" says only that the interval already
    /// has tolerance for latency; a quarter of it is this fake's reading.
    /// </summary>
    public const double HeartbeatTolerance = 0.25;

    private readonly ConcurrentDictionary<string, Session> _sessions = new();
    private readonly Channel<GatewayClientEvent> _events = Channel.CreateUnbounded<GatewayClientEvent>();
    private readonly ConcurrentQueue<(int Connection, int Code, string Reason)> _rejections = new();
    private readonly Lock _budgetLock = new();
    private readonly Queue<long> _identifiedAt = new();
    private int _connections;
    private int _identifies;
    private int _remaining = 1000;
    private DateTimeOffset? _resetAt;
    private Connection? _current;

    /// <summary>How many sockets the client has opened.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>How many Identify payloads the fake accepted (each one spends the session start limit).</summary>
    public int Identifies => Volatile.Read(ref _identifies);

    /// <summary>Read by each new connection's Hello.</summary>
    public int HeartbeatIntervalMs { get; set; } = DiscordHeartbeatIntervalMs;

    /// <summary>The clock for heartbeat deadlines, the send limit and the session start limit; share the client's fake time.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>When set, READY waits for it (the connection keeps heartbeating meanwhile), as a slow READY does.</summary>
    public TaskCompletionSource? ReadyGate { get; set; }

    /// <summary><c>session_start_limit.total</c>: Identify calls allowed per day.</summary>
    public int SessionStartTotal { get; set; } = 1000;

    /// <summary><c>session_start_limit.max_concurrency</c>.</summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>
    /// Identify went over the day's budget. gateway.mdx "Identifying" (warning): "all active sessions for the app will be
    /// terminated, the bot token will be reset"; every later Identify fails with 4004.
    /// </summary>
    public bool TokenReset { get; private set; }

    /// <summary>Every close this fake initiated: connection number, close code, reason.</summary>
    public IReadOnlyList<(int Connection, int Code, string Reason)> Rejections => [.. _rejections];

    /// <summary>Sets what <c>GET /gateway/bot</c> reports as left today and when it resets.</summary>
    public void SetSessionStartLimit(int remaining, TimeSpan resetAfter)
    {
        lock (_budgetLock)
        {
            _remaining = remaining;
            _resetAt = Time.GetUtcNow() + resetAfter;
        }
    }

    /// <summary>The body of <c>GET /gateway/bot</c> (gateway.mdx "Get Gateway Bot", "Session Start Limit Object").</summary>
    public string GatewayBotJson()
    {
        lock (_budgetLock)
        {
            var resetAfter = (long)(ResetAtLocked() - Time.GetUtcNow()).TotalMilliseconds;
            return new JsonObject
            {
                ["url"] = gatewayUrl.ToString(),
                ["shards"] = 1,
                ["session_start_limit"] = new JsonObject
                {
                    ["total"] = SessionStartTotal,
                    ["remaining"] = _remaining,
                    ["reset_after"] = resetAfter,
                    ["max_concurrency"] = MaxConcurrency,
                },
            }.ToJsonString();
        }
    }

    /// <summary>Reads client events until one matches; throws after 10 s, naming the closes the fake made.</summary>
    public async Task<GatewayClientEvent> WaitForAsync(string kind, Func<GatewayClientEvent, bool>? match = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(timeout.Token);
                if (next.Kind == kind && (match is null || match(next)))
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"No '{kind}' from the client within 10 s; the fake closed: [{string.Join(", ", Rejections.Select(r => $"#{r.Connection} {r.Code} {r.Reason}"))}]");
        }
    }

    /// <summary>Sends a dispatch on the live connection (and keeps it for replay).</summary>
    public Task DispatchAsync(string eventName, string dataJson)
    {
        var connection = _current ?? throw new InvalidOperationException("No connection.");
        return connection.SendAsync(connection.Session!.Append(eventName, dataJson).Frame);
    }

    /// <summary>A dispatch the client never saw (lost with a dead connection): only a resume replays it.</summary>
    public void Lose(string eventName, string dataJson) => _current!.Session!.Append(eventName, dataJson);

    /// <summary>The live connection stops acknowledging heartbeats, as a half-dead TCP link would.</summary>
    public void StopAcking() => _current!.Acking = false;

    public Task SendRawAsync(string json) => _current!.SendAsync(json);

    public Task CloseAsync(int code, string description) =>
        _current!.Socket.CloseOutputAsync((WebSocketCloseStatus)code, description, CancellationToken.None);

    public void AbortAll() => _current?.Socket.Abort();

    public async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new Connection(socket, Interlocked.Increment(ref _connections));
        _current = connection;
        Record("connect", connection, $"{context.Request.Path}{context.Request.QueryString}", default);
        var interval = TimeSpan.FromMilliseconds(HeartbeatIntervalMs);

        // gateway.mdx "Heartbeat Interval": "If your app fails to send a heartbeat event in time, your connection will be
        // closed and you will be forced to Resume." No code is documented; 4000 is the resumable one.
        connection.HeartbeatDeadline = interval * (1 + HeartbeatTolerance);
        connection.HeartbeatTimer = Time.CreateTimer(
            _ => _ = RejectAsync(connection, 4000, "Heartbeat timed out."), null, connection.HeartbeatDeadline, Timeout.InfiniteTimeSpan);
        await connection.SendAsync($$"""{"op":10,"d":{"heartbeat_interval":{{HeartbeatIntervalMs}}},"s":null,"t":null}""");
        try
        {
            await ReceiveLoopAsync(connection);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client dropped the connection.
        }
        finally
        {
            connection.Close();
        }
    }

    private async Task ReceiveLoopAsync(Connection connection)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await connection.Socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Record("close", connection, null, JsonSerializer.SerializeToElement((int?)result.CloseStatus));
                    return;
                }

                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            if (!connection.Closed)
            {
                await ReceiveAsync(connection, message.ToArray());
            }
        }
    }

    private async Task ReceiveAsync(Connection connection, byte[] frame)
    {
        if (!connection.TakeSendPermit(Time))
        {
            await RejectAsync(connection, 4008, "Rate limited.");
            return;
        }

        // close codes: 4002 "You sent an invalid payload"; 4001 "an invalid Gateway opcode or an invalid payload for an
        // opcode". gateway.mdx "Sending Events": every payload needs "a valid opcode (op) and inner data object (d)".
        if (frame.Length > MaxPayloadBytes || Parse(frame) is not { } payload)
        {
            await RejectAsync(connection, 4002, "Decode error.");
            return;
        }

        var (op, d) = payload;
        if (d is null)
        {
            await RejectAsync(connection, 4001, $"op {op} without d.");
            return;
        }

        switch (op)
        {
            case 1 when d.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Number:
                Record("heartbeat", connection, null, d.Value);
                connection.HeartbeatTimer?.Change(connection.HeartbeatDeadline, Timeout.InfiniteTimeSpan);
                if (connection.Acking)
                {
                    await connection.SendAsync("""{"op":11}""");
                }

                break;
            case 2 when HasString(d.Value, "token") && d.Value.TryGetProperty("intents", out var intents) && intents.ValueKind == JsonValueKind.Number
                && d.Value.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object:
                Record("identify", connection, null, d.Value);
                await IdentifyAsync(connection, d.Value);
                break;
            case 6 when HasString(d.Value, "token") && HasString(d.Value, "session_id") && d.Value.TryGetProperty("seq", out var seq)
                && seq.ValueKind is JsonValueKind.Number or JsonValueKind.Null:
                Record("resume", connection, null, d.Value);
                await ResumeAsync(connection, d.Value);
                break;
            case 3 or 4 or 8 or 31 or 43 when !connection.Authenticated:
                // close codes 4003: "You sent us a payload prior to identifying".
                await RejectAsync(connection, 4003, "Not authenticated.");
                break;
            case 3 or 4 or 8 or 31 or 43 when d.Value.ValueKind == JsonValueKind.Object:
                Record($"op{op}", connection, null, d.Value);
                break;
            default:
                await RejectAsync(connection, 4001, $"Invalid opcode or payload (op {op}).");
                break;
        }
    }

    private async Task RejectAsync(Connection connection, int code, string reason)
    {
        if (!connection.Close())
        {
            return;
        }

        _rejections.Enqueue((connection.Number, code, reason));
        Record("rejected", connection, null, JsonSerializer.SerializeToElement(code));
        try
        {
            await connection.Socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The client is already gone.
        }
    }

    private static (int Op, JsonElement? D)? Parse(byte[] frame)
    {
        try
        {
            using var document = JsonDocument.Parse(frame);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("op", out var op) || !op.TryGetInt32(out var code))
            {
                return null;
            }

            return (code, root.TryGetProperty("d", out var d) ? d.Clone() : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool HasString(JsonElement d, string name) =>
        d.ValueKind == JsonValueKind.Object && d.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String;

    private void Record(string kind, Connection connection, string? pathAndQuery, JsonElement data) =>
        _events.Writer.TryWrite(new GatewayClientEvent(kind, connection.Number, pathAndQuery, data, Time.GetUtcNow()));
}

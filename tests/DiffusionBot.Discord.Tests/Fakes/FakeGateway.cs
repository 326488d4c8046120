using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
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
/// discord.com/developers/docs/topics/opcodes-and-status-codes ("close codes").
/// </summary>
internal sealed class FakeGateway(Uri resumeUrl, Uri gatewayUrl)
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

    private async Task IdentifyAsync(Connection connection, JsonElement d)
    {
        if (connection.Authenticated)
        {
            // close codes 4005: "You sent more than one identify payload. Don't do that!"
            await RejectAsync(connection, 4005, "Already authenticated.");
            return;
        }

        if (TokenReset || d.GetProperty("token").GetString() != FakeDiscord.Token)
        {
            await RejectAsync(connection, 4004, "Authentication failed.");
            return;
        }

        switch (SpendIdentify())
        {
            case IdentifyVerdict.OverConcurrency:
                await connection.SendAsync("""{"op":9,"d":false,"s":null,"t":null}""");
                Record("invalid-session", connection, null, default);
                return;
            case IdentifyVerdict.OverBudget:
                TokenReset = true;
                await RejectAsync(connection, 4004, "Authentication failed (the daily identify limit was exceeded and the token reset).");
                return;
        }

        if ((d.GetProperty("intents").GetInt32() & (int)Privileged) != 0)
        {
            await RejectAsync(connection, 4014, "Disallowed intent(s).");
            return;
        }

        var session = new Session($"session-{connection.Number}");
        _sessions[session.Id] = session;
        connection.Session = session;
        connection.Authenticated = true;
        var ready = new JsonObject
        {
            ["v"] = 10,
            ["user"] = new JsonObject { ["id"] = "80351110224678912", ["username"] = "Nelly", ["bot"] = true },
            ["guilds"] = new JsonArray(),
            ["session_id"] = session.Id,
            ["resume_gateway_url"] = resumeUrl.ToString(),
            ["application"] = new JsonObject { ["id"] = FakeDiscord.ApplicationId.ToString(CultureInfo.InvariantCulture), ["flags"] = 0 },
        };
        if (ReadyGate is { } gate)
        {
            _ = SendReadyAsync(connection, session, ready, gate.Task);
            return;
        }

        await SendReadyAsync(connection, session, ready, Task.CompletedTask);
    }

    private async Task SendReadyAsync(Connection connection, Session session, JsonObject ready, Task gate)
    {
        await gate;
        await connection.SendAsync(session.Append("READY", ready.ToJsonString()).Frame);
        Record("ready", connection, null, default);
    }

    /// <summary>Counts an Identify against the day's budget and the 5 s concurrency window.</summary>
    private IdentifyVerdict SpendIdentify()
    {
        lock (_budgetLock)
        {
            var now = Time.GetTimestamp();
            while (_identifiedAt.Count > 0 && Time.GetElapsedTime(_identifiedAt.Peek(), now) >= IdentifyWindow)
            {
                _identifiedAt.Dequeue();
            }

            if (_identifiedAt.Count >= MaxConcurrency)
            {
                return IdentifyVerdict.OverConcurrency;
            }

            _ = ResetAtLocked();
            if (_remaining <= 0)
            {
                return IdentifyVerdict.OverBudget;
            }

            _remaining--;
            _identifiedAt.Enqueue(now);
            Interlocked.Increment(ref _identifies);
            return IdentifyVerdict.Accepted;
        }
    }

    /// <summary>When the budget refills, refilling it first if that moment has passed (a day after the previous refill).</summary>
    private DateTimeOffset ResetAtLocked()
    {
        var now = Time.GetUtcNow();
        _resetAt ??= now + TimeSpan.FromDays(1);
        if (now >= _resetAt)
        {
            _remaining = SessionStartTotal;
            _resetAt = now + TimeSpan.FromDays(1);
        }

        return _resetAt.Value;
    }

    private async Task ResumeAsync(Connection connection, JsonElement d)
    {
        var id = d.GetProperty("session_id").GetString() ?? "";
        var seq = d.GetProperty("seq").ValueKind == JsonValueKind.Number ? d.GetProperty("seq").GetInt64() : 0;
        if (TokenReset || d.GetProperty("token").GetString() != FakeDiscord.Token || !_sessions.TryGetValue(id, out var session) || seq > session.LastSequence)
        {
            await connection.SendAsync("""{"op":9,"d":false,"s":null,"t":null}""");
            return;
        }

        connection.Session = session;
        connection.Authenticated = true;
        foreach (var frame in session.After(seq))
        {
            await connection.SendAsync(frame);
        }

        await connection.SendAsync(session.Append("RESUMED", "{}").Frame);
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

    private enum IdentifyVerdict
    {
        Accepted,
        OverConcurrency,
        OverBudget,
    }

    private sealed class Connection(WebSocket socket, int number)
    {
        private readonly SemaphoreSlim _send = new(1, 1);
        private readonly Queue<long> _received = new();
        private int _closed;

        public WebSocket Socket { get; } = socket;

        public int Number { get; } = number;

        public volatile bool Acking = true;

        public volatile bool Authenticated;

        public Session? Session { get; set; }

        public ITimer? HeartbeatTimer { get; set; }

        public TimeSpan HeartbeatDeadline { get; set; }

        public bool Closed => Volatile.Read(ref _closed) != 0;

        /// <summary>Marks the connection closed (by the fake or the client) and stops its heartbeat deadline; false if it already was.</summary>
        public bool Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return false;
            }

            HeartbeatTimer?.Dispose();
            return true;
        }

        /// <summary>Counts one received payload against the 120-per-60 s limit; false when it is one too many.</summary>
        public bool TakeSendPermit(TimeProvider time)
        {
            lock (_received)
            {
                var now = time.GetTimestamp();
                while (_received.Count > 0 && time.GetElapsedTime(_received.Peek(), now) >= SendWindow)
                {
                    _received.Dequeue();
                }

                if (_received.Count >= SendLimit)
                {
                    return false;
                }

                _received.Enqueue(now);
                return true;
            }
        }

        public async Task SendAsync(string json)
        {
            await _send.WaitAsync();
            try
            {
                await Socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
            }
            finally
            {
                _send.Release();
            }
        }
    }

    /// <summary>A session's dispatch log, numbered from 1, kept for replay.</summary>
    private sealed class Session(string id)
    {
        private readonly List<(long Seq, string Frame)> _log = [];

        public string Id { get; } = id;

        public long LastSequence
        {
            get { lock (_log) { return _log.Count; } }
        }

        public (long Seq, string Frame) Append(string eventName, string dataJson)
        {
            lock (_log)
            {
                var seq = _log.Count + 1L;
                var frame = $$"""{"op":0,"d":{{dataJson}},"s":{{seq}},"t":"{{eventName}}"}""";
                _log.Add((seq, frame));
                return (seq, frame);
            }
        }

        public List<string> After(long seq)
        {
            lock (_log)
            {
                return [.. _log.Where(e => e.Seq > seq).Select(e => e.Frame)];
            }
        }
    }
}

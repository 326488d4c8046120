using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace DiffusionBot.Discord.Tests.Fakes;

/// <summary>
/// The gateway half of the fake: Hello, heartbeat ACKs, Identify (token and privileged intents checked), READY, Resume
/// with replay of every dispatch after the client's <c>seq</c> then RESUMED, and hooks to misbehave.
/// </summary>
internal sealed class FakeGateway(Uri resumeUrl)
{
    /// <summary>Intents this fake application has not enabled in its "developer portal".</summary>
    public const GatewayIntents Privileged = GatewayIntents.GuildMembers | GatewayIntents.GuildPresences | GatewayIntents.MessageContent;

    private readonly ConcurrentDictionary<string, Session> _sessions = new();
    private readonly Channel<GatewayClientEvent> _events = Channel.CreateUnbounded<GatewayClientEvent>();
    private int _connections;
    private Connection? _current;

    /// <summary>How many sockets the client has opened.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Read by each new connection's Hello.</summary>
    public int HeartbeatIntervalMs { get; set; } = 1000;

    /// <summary>Reads client events until one matches; throws after 10 s.</summary>
    public async Task<GatewayClientEvent> WaitForAsync(string kind, Func<GatewayClientEvent, bool>? match = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var next = await _events.Reader.ReadAsync(timeout.Token);
            if (next.Kind == kind && (match is null || match(next)))
            {
                return next;
            }
        }
    }

    /// <summary>Sends a dispatch on the live connection (and keeps it for replay).</summary>
    public Task DispatchAsync(string eventName, string dataJson)
    {
        var connection = _current ?? throw new InvalidOperationException("No connection.");
        var (seq, frame) = connection.Session!.Append(eventName, dataJson);
        _ = seq;
        return connection.SendAsync(frame);
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
        await connection.SendAsync($$"""{"op":10,"d":{"heartbeat_interval":{{HeartbeatIntervalMs}}},"s":null,"t":null}""");
        try
        {
            await ReceiveLoopAsync(connection);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client dropped the connection.
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

            using var document = JsonDocument.Parse(message.ToArray());
            var op = document.RootElement.GetProperty("op").GetInt32();
            var d = document.RootElement.GetProperty("d").Clone();
            switch (op)
            {
                case 1:
                    Record("heartbeat", connection, null, d);
                    if (connection.Acking)
                    {
                        await connection.SendAsync("""{"op":11}""");
                    }

                    break;
                case 2:
                    Record("identify", connection, null, d);
                    await IdentifyAsync(connection, d);
                    break;
                case 6:
                    Record("resume", connection, null, d);
                    await ResumeAsync(connection, d);
                    break;
                default:
                    await connection.Socket.CloseOutputAsync((WebSocketCloseStatus)4001, "Unknown opcode", CancellationToken.None);
                    break;
            }
        }
    }

    private async Task IdentifyAsync(Connection connection, JsonElement d)
    {
        if (d.GetProperty("token").GetString() != FakeDiscord.Token)
        {
            await connection.Socket.CloseOutputAsync((WebSocketCloseStatus)4004, "Authentication failed.", CancellationToken.None);
            return;
        }

        if ((d.GetProperty("intents").GetInt32() & (int)Privileged) != 0)
        {
            await connection.Socket.CloseOutputAsync((WebSocketCloseStatus)4014, "Disallowed intent(s).", CancellationToken.None);
            return;
        }

        var session = new Session($"session-{connection.Number}");
        _sessions[session.Id] = session;
        connection.Session = session;
        var ready = new JsonObject
        {
            ["v"] = 10,
            ["user"] = new JsonObject { ["id"] = "80351110224678912", ["username"] = "Nelly", ["bot"] = true },
            ["guilds"] = new JsonArray(),
            ["session_id"] = session.Id,
            ["resume_gateway_url"] = resumeUrl.ToString(),
            ["application"] = new JsonObject { ["id"] = FakeDiscord.ApplicationId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["flags"] = 0 },
        };
        await connection.SendAsync(session.Append("READY", ready.ToJsonString()).Frame);
        Record("ready", connection, null, default);
    }

    private async Task ResumeAsync(Connection connection, JsonElement d)
    {
        var id = d.GetProperty("session_id").GetString() ?? "";
        var seq = d.GetProperty("seq").ValueKind == JsonValueKind.Number ? d.GetProperty("seq").GetInt64() : 0;
        if (d.GetProperty("token").GetString() != FakeDiscord.Token || !_sessions.TryGetValue(id, out var session) || seq > session.LastSequence)
        {
            await connection.SendAsync("""{"op":9,"d":false,"s":null,"t":null}""");
            return;
        }

        connection.Session = session;
        foreach (var frame in session.After(seq))
        {
            await connection.SendAsync(frame);
        }

        await connection.SendAsync(session.Append("RESUMED", "{}").Frame);
    }

    private void Record(string kind, Connection connection, string? pathAndQuery, JsonElement data) =>
        _events.Writer.TryWrite(new GatewayClientEvent(kind, connection.Number, pathAndQuery, data));

    private sealed class Connection(WebSocket socket, int number)
    {
        private readonly SemaphoreSlim _send = new(1, 1);

        public WebSocket Socket { get; } = socket;

        public int Number { get; } = number;

        public volatile bool Acking = true;

        public Session? Session { get; set; }

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

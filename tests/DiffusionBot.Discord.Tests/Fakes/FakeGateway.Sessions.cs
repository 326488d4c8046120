using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DiffusionBot.Discord.Tests.Fakes;

/// <summary>Identify (with the session start limit and its 5 s window), READY, Resume and each session's replay log.</summary>
internal sealed partial class FakeGateway
{
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

    private enum IdentifyVerdict
    {
        Accepted,
        OverConcurrency,
        OverBudget,
    }

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

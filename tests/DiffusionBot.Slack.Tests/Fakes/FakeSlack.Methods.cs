using System.Diagnostics;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace DiffusionBot.Slack.Tests.Fakes;

/// <summary>The Web API methods, each answering as Slack does, failures included (the source beside each behaviour).</summary>
internal sealed partial class FakeSlack
{
    /// <summary>
    /// The longest message text Slack takes. docs.slack.dev/reference/methods/chat.postMessage: text is truncated beyond 40,000
    /// characters, and the method lists <c>msg_too_long</c>; this fake refuses rather than truncates, the stricter reading.
    /// </summary>
    public const int MaxMessageText = 40_000;

    private readonly ConcurrentQueue<Task> _shares = new();

    /// <summary>Conversations that are not a public channel the bot is in (see <see cref="FakeConversation"/>).</summary>
    public ConcurrentDictionary<string, FakeConversation> Conversations { get; } = new(StringComparer.Ordinal);

    /// <summary>Every file uploaded, by id.</summary>
    public IReadOnlyDictionary<string, FakeFile> Files => _files;

    /// <summary>
    /// How long a completed upload takes to show in its conversation. Slack shares asynchronously: right after
    /// files.completeUploadExternal returns, the file can be missing from the thread and still processing (slackapi/bolt-js#2115;
    /// node-slack-sdk#2040: uploads go through a malware scan in a worker queue first).
    /// </summary>
    public TimeSpan ShareDelay { get; set; } = TimeSpan.FromMilliseconds(30);

    /// <summary>While not completed, shares wait (to hold a file between its completion and its appearance).</summary>
    public Task ShareGate { get; set; } = Task.CompletedTask;

    /// <summary>At most this many messages per conversations.replies page, whatever the client asks; Slack's cap is 1000.</summary>
    public int RepliesPageSize { get; set; } = 1000;

    /// <summary>Every Web API call the fake answered with <c>ok: false</c>: method, channel (when the call named one) and error.</summary>
    public ConcurrentQueue<(string Method, string? Channel, string Error)> Failures { get; } = new();

    /// <summary>Waits until every share started so far has landed (or found its file deleted).</summary>
    public async Task WhenSharesSettledAsync()
    {
        while (_shares.TryPeek(out _))
        {
            await Task.WhenAll(_shares.ToArray()).WaitAsync(TimeSpan.FromSeconds(30));
            while (_shares.TryPeek(out var first) && first.IsCompleted)
            {
                _shares.TryDequeue(out _);
            }
        }
    }

    /// <summary>A message a person (not the bot) wrote; the bot may read and reply to it but not edit it.</summary>
    public FakeMessage PostAsUser(string channel, string text, string? threadTs = null)
    {
        var message = NewMessage(channel, threadTs, postedByBot: false);
        message.Text = text;
        return message;
    }

    private IResult Fail(RecordedRequest request, string error, params string[] details)
    {
        Failures.Enqueue((request.Method, ChannelOf(request) ?? request.Args.GetValueOrDefault("channel_id"), error));
        if (details.Length == 0)
        {
            return Error(error);
        }

        // invalid_blocks names each bad block by JSON pointer (python-slack-sdk#1658, bolt-python#1016).
        var json = JsonSerializer.Serialize(new { ok = false, error, errors = details, response_metadata = new { messages = details.Select(d => "[ERROR] " + d).ToArray() } });
        return Results.Text(json, "application/json; charset=utf-8");
    }

    private string? WriteRefusal(string channel) => Conversations.TryGetValue(channel, out var c) ? c.WriteRefusal() : null;

    private IResult Default(RecordedRequest request)
    {
        if (request.Method == "apps.connections.open")
        {
            if (request.Authorization != "Bearer " + AppToken)
            {
                return Fail(request, request.Authorization?.StartsWith("Bearer xoxb-", StringComparison.Ordinal) == true ? "not_allowed_token_type" : "invalid_auth");
            }

            var ticket = Interlocked.Increment(ref _tickets);
            var url = $"ws://127.0.0.1:{BaseUri.Port}/link/?ticket={ticket}&app_id=A111";
            SocketUrls.Enqueue(url);
            Record($"open:{ticket}");
            return Ok(new { url });
        }

        // Every method checks the token (docs.slack.dev/authentication: a missing or wrong token gets not_authed / invalid_auth).
        if (request.Authorization is null)
        {
            return Fail(request, "not_authed");
        }

        if (request.Authorization != "Bearer " + BotToken)
        {
            return Fail(request, "invalid_auth");
        }

        return request.Method switch
        {
            "chat.postMessage" => PostMessage(request),
            "chat.update" => Update(request),
            "chat.delete" => Delete(request),
            "chat.postEphemeral" => PostEphemeral(request),
            "conversations.replies" => Replies(request),
            "users.info" => UserInfo(request),
            "files.getUploadURLExternal" => GetUploadUrl(request),
            "files.completeUploadExternal" => CompleteUpload(request),
            "files.delete" => DeleteFile(request),
            "views.open" => OpenView(request),

            // Slack answers a method it does not have with unknown_method (docs.slack.dev/apis/web-api, "Errors").
            _ => Fail(request, "unknown_method"),
        };
    }

    private IResult PostMessage(RecordedRequest request)
    {
        var body = request.Json!.Value;
        var channel = body.GetProperty("channel").GetString() ?? "";
        if (WriteRefusal(channel) is { } refusal)
        {
            return Fail(request, refusal);
        }

        if (CheckContent(request, body, channel) is { } invalid)
        {
            return invalid;
        }

        var thread = body.TryGetProperty("thread_ts", out var t) ? t.GetString() : null;
        var message = NewMessage(channel, thread);
        Apply(message, body);
        return Ok(new { channel, ts = message.Ts, message = new { type = "message", text = message.Text, ts = message.Ts } });
    }

    private IResult Update(RecordedRequest request)
    {
        var body = request.Json!.Value;
        var channel = body.GetProperty("channel").GetString() ?? "";
        var ts = body.GetProperty("ts").GetString() ?? "";
        if (WriteRefusal(channel) is { } refusal)
        {
            return Fail(request, refusal);
        }

        if (!_messages.TryGetValue(Key(channel, ts), out var message) || message.Deleted)
        {
            return Fail(request, "message_not_found");
        }

        // chat.update errors: cant_update_message, "This message cannot be edited by the caller" (docs.slack.dev/reference/methods/chat.update).
        if (!message.PostedByBot)
        {
            return Fail(request, "cant_update_message");
        }

        if (CheckContent(request, body, channel) is { } invalid)
        {
            return invalid;
        }

        Apply(message, body);
        return Ok(new { channel, ts, text = message.Text });
    }

    /// <summary>
    /// docs.slack.dev/reference/methods/views.open: a trigger_id is valid for 3 seconds and can be exchanged once
    /// (expired_trigger_id, exchanged_trigger_id; one Slack never issued is invalid_trigger_id). Block Kit's "Modal view":
    /// title, submit and close at most 24 characters, callback_id 255, private_metadata 3000, at most 100 blocks; a
    /// plain_text_input's max_length at most 3000 and its initial_value within it. Anything else is invalid_arguments.
    /// </summary>
    private IResult OpenView(RecordedRequest request)
    {
        var body = request.Json!.Value;
        var trigger = body.TryGetProperty("trigger_id", out var t) ? t.GetString() ?? "" : "";
        if (!_issuedTriggers.TryGetValue(trigger, out var issuedAt))
        {
            return Fail(request, "invalid_trigger_id");
        }

        if (Stopwatch.GetElapsedTime(issuedAt) > TimeSpan.FromSeconds(3) || _lateTriggers.ContainsKey(trigger))
        {
            return Fail(request, "expired_trigger_id");
        }

        if (!_exchangedTriggers.TryAdd(trigger, 0))
        {
            return Fail(request, "exchanged_trigger_id");
        }

        var view = body.GetProperty("view");
        static int Length(JsonElement e, string name) => e.TryGetProperty(name, out var p) ? (p.ValueKind == JsonValueKind.Object ? p.GetProperty("text").GetString()!.Length : p.GetString()!.Length) : 0;
        var blocks = view.TryGetProperty("blocks", out var b) ? b : default;
        var inputsFit = blocks.ValueKind == JsonValueKind.Array && blocks.EnumerateArray().All(block =>
            !block.TryGetProperty("element", out var element) || element.GetProperty("type").GetString() != "plain_text_input"
            || (element.TryGetProperty("max_length", out var max) ? max.GetInt32() : 3000) is var limit && limit <= 3000 && Length(element, "initial_value") <= limit);
        if (view.GetProperty("type").GetString() != "modal" || Length(view, "title") is < 1 or > 24 || Length(view, "submit") > 24 || Length(view, "close") > 24
            || Length(view, "callback_id") > 255 || Length(view, "private_metadata") > 3000 || blocks.ValueKind != JsonValueKind.Array || blocks.GetArrayLength() > 100 || !inputsFit)
        {
            return Fail(request, "invalid_arguments");
        }

        OpenedViews.Enqueue(view.Clone());
        return Ok(new { view = new { id = "V" + trigger.GetHashCode(StringComparison.Ordinal).ToString("X8", System.Globalization.CultureInfo.InvariantCulture), type = "modal" } });
    }

    private IResult Delete(RecordedRequest request)
    {
        var channel = request.Args.GetValueOrDefault("channel") ?? "";
        var ts = request.Args.GetValueOrDefault("ts") ?? "";
        if (WriteRefusal(channel) is { } refusal)
        {
            return Fail(request, refusal);
        }

        if (!_messages.TryGetValue(Key(channel, ts), out var message))
        {
            return Fail(request, "message_not_found");
        }

        if (!message.PostedByBot)
        {
            return Fail(request, "cant_delete_message");
        }

        message.Deleted = true;
        return Ok(new { channel, ts });
    }

    private IResult PostEphemeral(RecordedRequest request)
    {
        var body = request.Json!.Value;
        var channel = body.GetProperty("channel").GetString() ?? "";
        if (WriteRefusal(channel) is { } refusal)
        {
            return Fail(request, refusal);
        }

        return CheckContent(request, body, channel) ?? Ok(new { message_ts = "1700000000.000200" });
    }

    private IResult Replies(RecordedRequest request)
    {
        var channel = request.Args.GetValueOrDefault("channel") ?? "";
        var ts = request.Args.GetValueOrDefault("ts") ?? "";
        if (Conversations.TryGetValue(channel, out var conversation) && conversation.ReadRefusal() is { } refusal)
        {
            return Fail(request, refusal);
        }

        if (!_messages.ContainsKey(Key(channel, ts)))
        {
            return Fail(request, "thread_not_found");
        }

        // Cursor paging (docs.slack.dev/apis/web-api/pagination): at most `limit` a page (Slack may return fewer), an opaque
        // next_cursor while more remain, an empty one on the last page.
        var limit = int.TryParse(request.Args.GetValueOrDefault("limit"), CultureInfo.InvariantCulture, out var asked) && asked > 0 ? Math.Min(asked, RepliesPageSize) : Math.Min(100, RepliesPageSize);
        var offset = 0;
        if (request.Args.GetValueOrDefault("cursor") is { Length: > 0 } cursor)
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (!decoded.StartsWith("offset:", StringComparison.Ordinal) || !int.TryParse(decoded.AsSpan(7), CultureInfo.InvariantCulture, out offset))
            {
                return Fail(request, "invalid_cursor");
            }
        }

        var all = Messages.Where(m => m.Channel == channel && !m.Deleted && (m.Ts == ts || m.ThreadTs == ts)).ToArray();
        var page = all.Skip(offset).Take(limit).Select(m => new
        {
            type = "message",
            ts = m.Ts,
            thread_ts = m.ThreadTs,
            bot_id = m.PostedByBot ? "B111" : null,
            user = m.PostedByBot ? "UBOT" : "U222",
            text = m.Text,
            blocks = m.Blocks,
            files = m.Files.Select(f => new { id = f.Id, name = f.Name }).ToArray(),
        }).ToArray();
        var next = offset + page.Length < all.Length ? Convert.ToBase64String(Encoding.UTF8.GetBytes("offset:" + (offset + page.Length).ToString(CultureInfo.InvariantCulture))) : "";
        return Ok(new { messages = page, has_more = next.Length > 0, response_metadata = new { next_cursor = next } });
    }

    private IResult UserInfo(RecordedRequest request)
    {
        var user = request.Args.GetValueOrDefault("user");
        return user is null
            ? Fail(request, "user_not_found")
            : Ok(new { user = new { id = user, team_id = "T111", name = "egon", is_admin = WorkspaceAdmins.ContainsKey(user), is_owner = false } });
    }

    private IResult GetUploadUrl(RecordedRequest request)
    {
        if (!request.Args.TryGetValue("filename", out var filename) || request.Args.GetValueOrDefault("length") is null or "0")
        {
            return Fail(request, "missing_argument");
        }

        var fileId = "F" + Interlocked.Increment(ref _fileIds).ToString(CultureInfo.InvariantCulture);
        _files[fileId] = new FakeFile(fileId, filename);
        return Ok(new { upload_url = $"http://127.0.0.1:{BaseUri.Port}/upload/{fileId}", file_id = fileId });
    }

    private IResult CompleteUpload(RecordedRequest request)
    {
        var files = JsonDocument.Parse(request.Args["files"]).RootElement;
        var ids = files.EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToArray();
        var channel = request.Args.GetValueOrDefault("channel_id");
        if (channel is not null && WriteRefusal(channel) is { } refusal)
        {
            return Fail(request, refusal);
        }

        // "This method can only be called once" per upload (docs.slack.dev/reference/methods/files.completeUploadExternal).
        lock (_files)
        {
            if (ids.Any(id => !_files.TryGetValue(id, out var f) || f.Completed || !Uploads.ContainsKey(id)))
            {
                return Fail(request, "invalid_arguments");
            }

            foreach (var id in ids)
            {
                _files[id].Completed = true;
            }
        }

        if (channel is not null)
        {
            _shares.Enqueue(ShareLaterAsync([.. ids.Select(id => _files[id])], channel, request.Args.GetValueOrDefault("thread_ts")));
        }

        return Ok(new { files });
    }

    /// <summary>The share lands after <see cref="ShareDelay"/> (and <see cref="ShareGate"/>), unless the file was deleted first.</summary>
    private async Task ShareLaterAsync(FakeFile[] files, string channel, string? threadTs)
    {
        await ShareGate;
        // Models Slack's asynchronous file share (it lands after files.completeUploadExternal returns); tests order on ShareGate, not on this delay.
        await Task.Delay(ShareDelay);
        lock (_files)
        {
            var alive = files.Where(f => !f.Deleted).ToArray();
            if (alive.Length == 0)
            {
                return;
            }

            var message = NewMessage(channel, threadTs);
            foreach (var file in alive)
            {
                file.SharedIn = channel;
                file.SharedInThread = threadTs;
                message.Files.Add((file.Id, file.Name));
            }
        }
    }

    private IResult DeleteFile(RecordedRequest request)
    {
        // files.delete errors: file_not_found, file_deleted (docs.slack.dev/reference/methods/files.delete).
        lock (_files)
        {
            if (request.Args.GetValueOrDefault("file") is not { } id || !_files.TryGetValue(id, out var file))
            {
                return Fail(request, "file_not_found");
            }

            if (file.Deleted)
            {
                return Fail(request, "file_deleted");
            }

            file.Deleted = true;

            // The message that only shared the file goes with it.
            foreach (var message in _messages.Values.Where(m => m.Files.Any(f => f.Id == id)))
            {
                message.Files.RemoveAll(f => f.Id == id);
                if (message.Files.Count == 0 && string.IsNullOrEmpty(message.Text))
                {
                    message.Deleted = true;
                }
            }
        }

        return Ok();
    }

    private static string Key(string channel, string ts) => channel + "/" + ts;

    private FakeMessage NewMessage(string channel, string? threadTs, bool postedByBot = true)
    {
        var ts = "1700000000." + Interlocked.Increment(ref _ts).ToString("D6", CultureInfo.InvariantCulture);
        var message = new FakeMessage(channel, ts, threadTs) { PostedByBot = postedByBot };
        _messages[Key(channel, ts)] = message;
        return message;
    }

    private static void Apply(FakeMessage message, JsonElement body)
    {
        lock (message)
        {
            if (body.TryGetProperty("text", out var text))
            {
                message.Text = text.GetString();
            }

            if (body.TryGetProperty("blocks", out var blocks))
            {
                message.Blocks = blocks.Clone();
            }

            message.History.Add(message.Text + " " + message.Blocks?.GetRawText());
        }
    }
}

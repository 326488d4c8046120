using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DiffusionBot.Discord.Tests.Fakes;

/// <summary>
/// The stateful part of the fake: messages with fresh ids, threads from messages (one per message, id = message id),
/// interactions with their 3 s ack deadline and one-ack rule, interaction webhooks (@original, follow-ups, expired
/// tokens), <c>enforce_nonce</c> deduplication within a few minutes, the bot's channel permissions (50001 / 50013) and
/// edits of the bot's own messages only (50005). Plugged into <see cref="FakeRest"/> for requests no script answers.
/// </summary>
internal sealed class FakeGuild
{
    public const ulong GuildId = 290926798626357999;
    public const ulong ChannelId = 645027906669510667;

    /// <summary>The bot's user id, as the gateway's READY names it.</summary>
    public const ulong BotUserId = 80351110224678912;

    /// <summary>The author of messages users post.</summary>
    public const ulong UserId = 53908232506183680;

    /// <summary>How long a nonce is remembered: docs/resources/message#create-message, enforce_nonce: "checked for uniqueness in the past few minutes".</summary>
    public static readonly TimeSpan NonceWindow = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan AckDeadline = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<ulong, Permissions> _denied = new();

    private readonly ConcurrentDictionary<ulong, FakeMessage> _messages = new();
    private readonly ConcurrentDictionary<ulong, ulong> _threads = new();
    private readonly ConcurrentDictionary<string, FakeInteraction> _interactions = new();
    private readonly ConcurrentQueue<(ulong Channel, ulong Message, string Emoji)> _reactions = new();
    private long _nextId = 1_100_000_000_000_000_000;

    public IReadOnlyCollection<FakeMessage> Messages => [.. _messages.Values.OrderBy(m => m.Id)];

    public IReadOnlyDictionary<ulong, ulong> Threads => _threads;

    public IReadOnlyList<(ulong Channel, ulong Message, string Emoji)> Reactions => [.. _reactions];

    /// <summary>The bot's permissions in a channel, as bits of Discord's permission set (docs/topics/permissions#permissions-bitwise-permission-flags).</summary>
    [Flags]
    public enum Permissions : long
    {
        None = 0,
        AddReactions = 1L << 6,
        ViewChannel = 1L << 10,
        SendMessages = 1L << 11,
        AttachFiles = 1L << 15,
        ReadMessageHistory = 1L << 16,
        CreatePublicThreads = 1L << 35,
        SendMessagesInThreads = 1L << 38,
    }

    /// <summary>The clock <c>enforce_nonce</c> runs on.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    public ulong NextId() => (ulong)Interlocked.Increment(ref _nextId);

    /// <summary>Takes <paramref name="permissions"/> away from the bot's role in <paramref name="channel"/> and the threads under it.</summary>
    public void Deny(ulong channel, Permissions permissions) => _denied[channel] = permissions;

    /// <summary>The bot's permissions in <paramref name="channel"/> as an interaction's <c>app_permissions</c> carries them.</summary>
    public string AppPermissions(ulong channel)
    {
        var granted = long.Parse(InteractionPayload.BotPermissions, CultureInfo.InvariantCulture) & ~(long)_denied.GetValueOrDefault(_threads.TryGetValue(channel, out var parent) ? parent : channel);
        return granted.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A message a member posted (the bot did not write it, so it may not edit it).</summary>
    public FakeMessage CreateUserMessage(ulong channel, string content) =>
        Create(channel, JsonSerializer.Serialize(new { content }), 0, byBot: false);

    /// <summary>Remembers an interaction the gateway is about to deliver, and when.</summary>
    public FakeInteraction Register(ulong id, string token, ulong channelId) =>
        _interactions[token] = new FakeInteraction(id, token, channelId, Stopwatch.GetTimestamp());

    public FakeInteraction Interaction(string token) => _interactions[token];

    /// <summary>The token stops working, as it does 15 minutes after the interaction.</summary>
    public void Expire(string token) => _interactions[token].Expired = true;

    /// <summary>A message the bot posted earlier (a status message whose interaction token has since expired).</summary>
    public FakeMessage CreateBotMessage(ulong channel, string content) =>
        Create(channel, JsonSerializer.Serialize(new { content }), 0, byBot: true);

    public FakeResponse? Handle(string method, string path, string body, IReadOnlyDictionary<string, string> fields, int fileCount)
    {
        var json = fields.TryGetValue("payload_json", out var payload) ? payload : body;
        var segments = path.Trim('/').Split('/');
        switch (method, segments)
        {
            case ("POST", ["interactions", _, var token, "callback"]):
                return Callback(Uri.UnescapeDataString(token), json);
            case (_, ["webhooks", _, var token, ..]):
                return Webhook(method, Uri.UnescapeDataString(token), segments, json, fileCount);
            case ("POST", ["channels", var channel, "messages", var message, "threads"]):
                if (Forbidden(Parse(channel), Permissions.CreatePublicThreads) is { } noThread)
                {
                    return noThread;
                }

                var id = Parse(message);
                if (!_threads.TryAdd(id, Parse(channel)))
                {
                    return new FakeResponse(400, """{"code":160004,"message":"A thread has already been created for this message"}""");
                }

                return new FakeResponse(201, $$"""{"id":"{{id}}","type":11,"name":"t","parent_id":"{{channel}}"}""");
            case ("POST", ["channels", var channel, "messages"]):
                return Forbidden(Parse(channel), Send(Parse(channel)) | (fileCount > 0 ? Permissions.AttachFiles : Permissions.None))
                    ?? Reply(Create(Parse(channel), json, fileCount, byBot: true));
            case ("GET", ["channels", var channel, "messages", var message]):
                // docs/resources/message#get-channel-message: needs Read Message History in a guild; 10008 for an unknown one.
                if (Forbidden(Parse(channel), Permissions.ReadMessageHistory) is { } noHistory)
                {
                    return noHistory;
                }

                return _messages.TryGetValue(Parse(message), out var read) && read.ChannelId == Parse(channel) ? Reply(read) : Unknown();
            case ("PATCH", ["channels", var channel, "messages", var message]):
                if (Forbidden(Parse(channel), fileCount > 0 ? Permissions.AttachFiles : Permissions.None) is { } noEdit)
                {
                    return noEdit;
                }

                if (!_messages.TryGetValue(Parse(message), out var edited))
                {
                    return Unknown();
                }

                // docs/topics/opcodes-and-status-codes#json: 50005 "Cannot edit a message authored by another user".
                return edited.ByBot ? Reply(Edit(edited, json, fileCount)) : new FakeResponse(403, """{"message":"Cannot edit a message authored by another user","code":50005}""");
            case ("PUT", ["channels", var channel, "messages", var message, "reactions", var emoji, "@me"]):
                if (Forbidden(Parse(channel), Permissions.AddReactions | Permissions.ReadMessageHistory) is { } noReaction)
                {
                    return noReaction;
                }

                _reactions.Enqueue((Parse(channel), Parse(message), Uri.UnescapeDataString(emoji)));
                return new FakeResponse(204);
            default:
                return null;
        }
    }

    private FakeResponse Callback(string token, string json)
    {
        if (!_interactions.TryGetValue(token, out var interaction) || Stopwatch.GetElapsedTime(interaction.SentAt) > AckDeadline)
        {
            return new FakeResponse(404, """{"code":10062,"message":"Unknown interaction"}""");
        }

        lock (interaction)
        {
            if (interaction.AckedAt is not null)
            {
                return new FakeResponse(400, """{"code":40060,"message":"Interaction has already been acknowledged."}""");
            }

            using var document = JsonDocument.Parse(json);
            var type = document.RootElement.GetProperty("type").GetInt32();
            if ((AutocompleteError(interaction, type, document.RootElement) ?? ModalError(interaction, type, document.RootElement)) is { } invalid)
            {
                return invalid;
            }

            interaction.AckedAt = Stopwatch.GetTimestamp();
            interaction.AckType = type;
            if (interaction.AckType == 4)
            {
                interaction.Original = Create(interaction.ChannelId, document.RootElement.GetProperty("data").GetRawText(), 0, byBot: true).Id;
            }
            else if (document.RootElement.TryGetProperty("data", out var data) && data.TryGetProperty("flags", out var flags))
            {
                // A deferred response with flags 64 makes the "thinking…" message, and so its edits, ephemeral.
                interaction.DeferredFlags = flags.GetInt32();
            }
        }

        return new FakeResponse(204);
    }

    /// <summary>
    /// docs/interactions/receiving-and-responding: an autocomplete interaction (type 4) is answered with
    /// APPLICATION_COMMAND_AUTOCOMPLETE_RESULT (type 8) only, never deferred, and type 8 answers nothing else; its
    /// <c>choices</c> hold at most 25 entries whose name is 1–100 characters and whose string value is at most 100
    /// (application-commands, "Application Command Option Choice Structure"). Anything else is 50035 Invalid Form Body.
    /// </summary>
    private static FakeResponse? AutocompleteError(FakeInteraction interaction, int type, JsonElement body)
    {
        if ((interaction.Type == 4) != (type == 8))
        {
            return InvalidFormBody("type", "INTERACTION_RESPONSE_TYPE_INVALID", "Interaction response type is invalid for this interaction.");
        }

        if (type != 8)
        {
            return null;
        }

        if (!body.TryGetProperty("data", out var data) || !data.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            return InvalidFormBody("data.choices", "BASE_TYPE_REQUIRED", "This field is required");
        }

        if (choices.GetArrayLength() > 25)
        {
            return InvalidFormBody("data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
        }

        var read = new List<(string, string)>();
        foreach (var choice in choices.EnumerateArray())
        {
            var name = choice.GetProperty("name").GetString() ?? "";
            var value = choice.GetProperty("value");
            if (name.Length is < 1 or > 100 || (value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 100))
            {
                return InvalidFormBody("data.choices", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
            }

            read.Add((name, value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()));
        }

        interaction.Choices = read;
        return null;
    }

    /// <summary>
    /// docs/interactions/receiving-and-responding, "Modal": type 9 is not available in answer to a modal submit (5) or an
    /// autocomplete (4); <c>custom_id</c> 1–100 and <c>title</c> 1–45 characters, 1–5 action rows each holding one text
    /// input (docs/components/reference, "Text Input": <c>custom_id</c>, <c>style</c> 1 or 2, <c>label</c> 1–45, <c>value</c>
    /// and <c>max_length</c> up to 4000). Anything else is 50035 Invalid Form Body.
    /// </summary>
    private static FakeResponse? ModalError(FakeInteraction interaction, int type, JsonElement body)
    {
        if (type != 9)
        {
            return null;
        }

        if (interaction.Type is not (2 or 3))
        {
            return InvalidFormBody("type", "INTERACTION_RESPONSE_TYPE_INVALID", "Interaction response type is invalid for this interaction.");
        }

        var data = body.GetProperty("data");
        var id = data.TryGetProperty("custom_id", out var c) ? c.GetString() ?? "" : "";
        var title = data.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
        if (id.Length is < 1 or > 100 || title.Length is < 1 or > 45)
        {
            return InvalidFormBody("data.title", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length.");
        }

        var rows = data.GetProperty("components");
        if (rows.GetArrayLength() is < 1 or > 5)
        {
            return InvalidFormBody("data.components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.");
        }

        foreach (var row in rows.EnumerateArray())
        {
            if (row.GetProperty("type").GetInt32() != 1 || row.GetProperty("components") is not { ValueKind: JsonValueKind.Array } inputs || inputs.GetArrayLength() != 1)
            {
                return InvalidFormBody("data.components", "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width");
            }

            var input = inputs[0];
            var label = input.TryGetProperty("label", out var l) ? l.GetString() ?? "" : "";
            var value = input.TryGetProperty("value", out var v) ? v.GetString() ?? "" : "";
            var max = input.TryGetProperty("max_length", out var m) ? m.GetInt32() : 4000;
            if (input.GetProperty("type").GetInt32() != 4 || !input.TryGetProperty("custom_id", out _) || input.GetProperty("style").GetInt32() is not (1 or 2)
                || label.Length is < 1 or > 45 || value.Length > 4000 || max > 4000)
            {
                return InvalidFormBody("data.components.0.components.0", "BASE_TYPE_BAD_LENGTH", "Invalid text input.");
            }
        }

        interaction.Modal = data.GetRawText();
        return null;
    }

    private static FakeResponse InvalidFormBody(string field, string code, string message) =>
        new(400, new JsonObject
        {
            ["code"] = 50035,
            ["message"] = "Invalid Form Body",
            ["errors"] = new JsonObject { [field] = new JsonObject { ["_errors"] = new JsonArray { new JsonObject { ["code"] = code, ["message"] = message } } } },
        }.ToJsonString());

    private FakeResponse? Webhook(string method, string token, string[] segments, string json, int fileCount)
    {
        if (!_interactions.TryGetValue(token, out var interaction) || interaction.Expired || interaction.AckedAt is null)
        {
            return new FakeResponse(404, """{"code":10015,"message":"Unknown Webhook"}""");
        }

        if (segments.Length == 3 && method == "POST")
        {
            return Reply(Create(interaction.ChannelId, json, fileCount, byBot: true));
        }

        if (segments is [_, _, _, "messages", "@original"])
        {
            lock (interaction)
            {
                if (method == "DELETE")
                {
                    if (interaction.Original is { } original)
                    {
                        _messages.TryRemove(original, out _);
                    }

                    interaction.Original = null;
                    interaction.OriginalDeleted = true;
                    return new FakeResponse(204);
                }

                if (interaction.Original is not { } id || !_messages.TryGetValue(id, out var message))
                {
                    message = Create(interaction.ChannelId, $$"""{"flags":{{interaction.DeferredFlags}}}""", 0, byBot: true);
                    interaction.Original = message.Id;
                }

                return Reply(Edit(message, json, fileCount));
            }
        }

        return null;
    }

    /// <summary>
    /// 403 when the bot's role lacks what a channel route needs: 50001 Missing Access without View Channel, else 50013
    /// Missing Permissions (docs/topics/opcodes-and-status-codes#json). A thread takes its parent's permissions.
    /// </summary>
    /// <remarks>
    /// Interaction callbacks and webhooks never come here: they need no channel permission at all (discordjs/discord.js#5149,
    /// discord/discord-api-docs#2342: a bot without Send Messages still answers slash commands in that channel).
    /// </remarks>
    private FakeResponse? Forbidden(ulong channel, Permissions needed)
    {
        var denied = _denied.GetValueOrDefault(_threads.TryGetValue(channel, out var parent) ? parent : channel);
        if ((denied & Permissions.ViewChannel) != 0)
        {
            return new FakeResponse(403, """{"message":"Missing Access","code":50001}""");
        }

        return (denied & needed) != 0 ? new FakeResponse(403, """{"message":"Missing Permissions","code":50013}""") : null;
    }

    /// <summary>Send Messages in a channel; Send Messages in Threads in a thread.</summary>
    private Permissions Send(ulong channel) => _threads.ContainsKey(channel) ? Permissions.SendMessagesInThreads : Permissions.SendMessages;

    private FakeMessage Create(ulong channel, string json, int fileCount, bool byBot)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        if (node["enforce_nonce"]?.GetValue<bool>() == true && node["nonce"]?.GetValue<string>() is { } nonce)
        {
            var existing = _messages.Values.FirstOrDefault(m => m.ChannelId == channel && m.Nonce == nonce && m.ByBot == byBot && Time.GetUtcNow() - m.CreatedAt < NonceWindow);
            if (existing is not null)
            {
                return existing;
            }
        }

        var message = new FakeMessage(NextId(), channel, byBot)
        {
            CreatedAt = Time.GetUtcNow(),
            Content = node["content"]?.GetValue<string>(),
            Flags = node["flags"]?.GetValue<int>() ?? 0,
            Nonce = node["nonce"]?.GetValue<string>(),
            Components = node["components"]?.ToJsonString(),
            FileCount = fileCount,
        };
        _messages[message.Id] = message;
        return message;
    }

    private static FakeMessage Edit(FakeMessage message, string json, int fileCount)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        if (node["content"] is { } content)
        {
            message.Content = content.GetValue<string>();
        }

        if (node["attachments"] is JsonArray attachments)
        {
            message.FileCount = attachments.Count == 0 ? 0 : fileCount;
        }

        message.Edits++;
        return message;
    }

    /// <summary>A message object (docs/resources/message#message-object): its author, and the components it was sent with.</summary>
    private static FakeResponse Reply(FakeMessage message) => new(200, new JsonObject
    {
        ["id"] = message.Id.ToString(CultureInfo.InvariantCulture),
        ["channel_id"] = message.ChannelId.ToString(CultureInfo.InvariantCulture),
        ["content"] = message.Content,
        ["author"] = message.ByBot
            ? new JsonObject { ["id"] = BotUserId.ToString(CultureInfo.InvariantCulture), ["username"] = "Nelly", ["bot"] = true }
            : new JsonObject { ["id"] = UserId.ToString(CultureInfo.InvariantCulture), ["username"] = "egon" },
        ["components"] = message.Components is { } rows ? JsonNode.Parse(rows) : new JsonArray(),
    }.ToJsonString());

    private static FakeResponse Unknown() => new(404, """{"code":10008,"message":"Unknown Message"}""");

    private static ulong Parse(string id) => ulong.Parse(id, CultureInfo.InvariantCulture);
}

/// <summary>A message the fake holds.</summary>
internal sealed class FakeMessage(ulong id, ulong channelId, bool byBot)
{
    public ulong Id { get; } = id;

    public ulong ChannelId { get; } = channelId;

    public bool ByBot { get; } = byBot;

    public string? Content { get; set; }

    public int Flags { get; set; }

    public string? Nonce { get; set; }

    public string? Components { get; set; }

    public int FileCount { get; set; }

    public int Edits { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>An interaction the fake delivered: when, whether and how it was acknowledged, its @original.</summary>
internal sealed class FakeInteraction(ulong id, string token, ulong channelId, long sentAt)
{
    public ulong Id { get; } = id;

    public string Token { get; } = token;

    public ulong ChannelId { get; } = channelId;

    public long SentAt { get; set; } = sentAt;

    public long? AckedAt { get; set; }

    public int? AckType { get; set; }

    /// <summary>The flags of a deferred response (64: the response is ephemeral).</summary>
    public int DeferredFlags { get; set; }

    public ulong? Original { get; set; }

    /// <summary>The interaction's type: 2 command, 3 component, 4 autocomplete.</summary>
    public int Type { get; set; } = 2;

    /// <summary>The <c>data</c> of a modal the bot opened (callback type 9), as JSON.</summary>
    public string? Modal { get; set; }

    /// <summary>The (name, value) choices of an autocomplete answer (callback type 8).</summary>
    public IReadOnlyList<(string Name, string Value)>? Choices { get; set; }

    public bool OriginalDeleted { get; set; }

    public bool Expired { get; set; }

    public TimeSpan? AckLatency => AckedAt is { } acked ? Stopwatch.GetElapsedTime(SentAt, acked) : null;
}

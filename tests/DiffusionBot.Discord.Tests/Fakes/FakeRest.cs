using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DiffusionBot.Discord.Tests.Fakes;

/// <summary>
/// The REST half of the fake: records every request (multipart parsed by ASP.NET Core's form reader), answers from a
/// script per path, or with a plausible default (the message, 204 for callbacks and reactions, the gateway URL).
/// Strict as Discord is: a route it does not know is 404, a known route with another method 405, a bot route without
/// the bot token 401, and message bodies are held to Discord's limits before anything else answers them.
/// </summary>
internal sealed class FakeRest(Uri gatewayUrl, string token)
{
    /// <summary>Discord's default upload limit per file for bots (10 MiB); larger files are answered 413 / 40005.</summary>
    /// <remarks>Source: discord.com/developers/docs/reference#uploading-files ("default file upload size limit of 10 MiB").</remarks>
    public const int DefaultUploadLimitBytes = 10 * 1024 * 1024;

    /// <summary>
    /// The routes the fake serves, as templates (<c>*</c> is one path segment) with the methods Discord documents for
    /// them, and whether the bot token is required. Interaction callbacks and interaction webhooks carry their
    /// credential in the path and need no Authorization (discord.com/developers/docs/interactions/receiving-and-responding#followup-messages).
    /// </summary>
    private static readonly (string[] Template, string[] Methods, bool BotToken)[] KnownRoutes =
    [
        (["gateway", "bot"], ["GET"], true),
        (["interactions", "*", "*", "callback"], ["POST"], false),
        (["webhooks", "*", "*"], ["GET", "POST", "PATCH", "DELETE"], false),
        (["webhooks", "*", "*", "messages", "*"], ["GET", "PATCH", "DELETE"], false),
        (["channels", "*"], ["GET", "PATCH", "DELETE"], true),
        (["channels", "*", "messages"], ["GET", "POST"], true),
        (["channels", "*", "messages", "*"], ["GET", "PATCH", "DELETE"], true),
        (["channels", "*", "messages", "*", "threads"], ["POST"], true),
        (["channels", "*", "messages", "*", "reactions", "*", "@me"], ["PUT", "DELETE"], true),
        (["applications", "*", "commands"], ["GET", "POST", "PUT"], true),
        (["applications", "*", "guilds", "*", "commands"], ["GET", "POST", "PUT"], true),
    ];

    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeResponse>> _scripts = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private readonly ConcurrentQueue<(Func<RecordedRequest, bool> Match, FakeResponse Response)> _matchScripts = new();

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>The stateful guild that answers what no script does; null keeps the static defaults.</summary>
    public FakeGuild? Guild { get; set; }

    /// <summary>The body of <c>GET /gateway/bot</c> (the gateway's session start limit); null answers a fixed one.</summary>
    public Func<string>? GatewayBot { get; set; }

    /// <summary>Discord's rate limits, checked before anything else answers; null leaves requests unlimited.</summary>
    public FakeRateLimits? RateLimits { get; set; }

    /// <summary>The per-file upload limit this Discord enforces.</summary>
    public int UploadLimitBytes { get; set; } = DefaultUploadLimitBytes;

    /// <summary>Answers the first later request that <paramref name="match"/> accepts with <paramref name="response"/>.</summary>
    public void ScriptWhen(Func<RecordedRequest, bool> match, FakeResponse response) => _matchScripts.Enqueue((match, response));

    /// <summary>Answers the next request to <paramref name="path"/> (after <c>/api/v10</c>) with <paramref name="response"/>.</summary>
    public void Script(string path, FakeResponse response) =>
        _scripts.GetOrAdd(path, _ => new ConcurrentQueue<FakeResponse>()).Enqueue(response);

    /// <summary>Waits until <paramref name="count"/> requests have arrived in all; throws after 10 s.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (_requests.Count < count)
        {
            await _arrived.WaitAsync(timeout.Token);
        }
    }

    [SuppressMessage("Performance", "CA1849", Justification = "Test fake.")]
    public async Task HandleAsync(HttpContext context)
    {
        var arrivedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var request = context.Request;
        var path = request.Path.Value!["/api/v10".Length..];
        var fields = new Dictionary<string, string>();
        var files = new Dictionary<string, RecordedFile>();
        var body = "";
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var field in form)
            {
                fields[field.Key] = field.Value.ToString();
            }

            foreach (var file in form.Files)
            {
                using var stream = new MemoryStream();
                await file.CopyToAsync(stream);
                files[file.Name] = new RecordedFile(file.FileName, file.ContentType, stream.ToArray());
            }
        }
        else
        {
            body = await new StreamReader(request.Body).ReadToEndAsync();
        }

        var recorded = new RecordedRequest(
            request.Method, path, request.Headers.Authorization.FirstOrDefault(), request.Headers.UserAgent.FirstOrDefault(), request.ContentType, body, fields, files);
        _requests.Enqueue(recorded);
        _arrived.Release();

        IReadOnlyDictionary<string, string> limitHeaders = new Dictionary<string, string>();
        var json = fields.TryGetValue("payload_json", out var payload) ? payload : body;
        var response = Refuse(request.Method, path, recorded.Authorization)
            ?? RateLimits?.Admit(request.Method, path, recorded.Authorization, arrivedAt, out limitHeaders)
            ?? (_scripts.TryGetValue(path, out var queue) && queue.TryDequeue(out var scripted) ? scripted : null)
            ?? MatchScript(recorded)
            ?? MessageLimits.Check(request.Method, path, json, [.. files.Values.Select(f => f.Content.Length)], UploadLimitBytes)
            ?? Guild?.Handle(request.Method, path, body, fields, files.Count) ?? Default(request.Method, path, body);
        if (response.Gate is { } gate)
        {
            await gate.Task;
        }

        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in limitHeaders)
        {
            context.Response.Headers[name] = value;
        }

        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (response.Json is { } answer)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer);
        }
    }

    private FakeResponse? MatchScript(RecordedRequest request)
    {
        lock (_matchScripts)
        {
            var kept = new List<(Func<RecordedRequest, bool>, FakeResponse)>();
            FakeResponse? found = null;
            while (_matchScripts.TryDequeue(out var entry))
            {
                if (found is null && entry.Match(request))
                {
                    found = entry.Response;
                }
                else
                {
                    kept.Add(entry);
                }
            }

            kept.ForEach(_matchScripts.Enqueue);
            return found;
        }
    }

    /// <summary>404 for a route Discord does not have, 405 for a method it does not take there, 401 without the bot token.</summary>
    /// <remarks>
    /// Status codes as listed in discord.com/developers/docs/topics/opcodes-and-status-codes#http (401 "the Authorization
    /// header was missing or invalid", 404 "the resource at the location specified doesn't exist", 405 "the HTTP method used
    /// is not valid for the location specified"); bot routes take <c>Authorization: Bot TOKEN</c> (docs/reference#authentication).
    /// </remarks>
    private FakeResponse? Refuse(string method, string path, string? authorization)
    {
        var segments = path.Trim('/').Split('/');
        var matches = KnownRoutes.Where(r => Matches(r.Template, segments)).ToList();
        if (matches.Count == 0)
        {
            return new FakeResponse(404, """{"message":"404: Not Found","code":0}""");
        }

        if (!matches.Any(r => r.Methods.Contains(method)))
        {
            return new FakeResponse(405, """{"message":"405: Method Not Allowed","code":0}""");
        }

        return matches.Any(r => r.BotToken) && authorization != $"Bot {token}"
            ? new FakeResponse(401, """{"message":"401: Unauthorized","code":0}""")
            : null;
    }

    private static bool Matches(string[] template, string[] segments) =>
        template.Length == segments.Length && template.Zip(segments).All(p => p.First == "*" ? p.Second.Length > 0 : p.First == p.Second);

    private FakeResponse Default(string method, string path, string body)
    {
        if (path == "/gateway/bot")
        {
            return new FakeResponse(200, GatewayBot?.Invoke() ?? $$$"""{"url":"{{{gatewayUrl}}}","shards":1,"session_start_limit":{"total":1000,"remaining":999,"reset_after":14400000,"max_concurrency":1}}""");
        }

        if (path.EndsWith("/callback", StringComparison.Ordinal) || path.EndsWith("/@me", StringComparison.Ordinal))
        {
            return new FakeResponse(204);
        }

        if (path.EndsWith("/threads", StringComparison.Ordinal))
        {
            return new FakeResponse(201, """{"id":"41771983423143937","type":11,"name":"thread","parent_id":"41771983423143930"}""");
        }

        if (path.EndsWith("/commands", StringComparison.Ordinal))
        {
            // docs/interactions/application-commands, option structure: "autocomplete may not be set to true if choices are present".
            if (method == "PUT" && JsonNode.Parse(body) is JsonArray commands
                && commands.SelectMany(c => c?["options"] as JsonArray ?? []).Any(o => o?["autocomplete"]?.GetValue<bool>() == true && o["choices"] is not null))
            {
                return new FakeResponse(400, """{"code":50035,"message":"Invalid Form Body","errors":{"options":{"_errors":[{"code":"AUTOCOMPLETE_CHOICES_CONFLICT","message":"Autocomplete cannot be used with choices"}]}}}""");
            }

            return new FakeResponse(200, """[{"id":"1001","name":"imagine","description":"Draw","type":1}]""");
        }

        if (method == "DELETE")
        {
            return new FakeResponse(204);
        }

        return new FakeResponse(200, """{"id":"155117677105512449","channel_id":"41771983423143937","content":"ok"}""");
    }

    /// <summary>What Discord checks in a message body before it looks at the channel.</summary>
    private static class MessageLimits
    {
        /// <summary>docs/resources/message#create-message: "Message contents (up to 2000 characters)".</summary>
        private const int MaxContent = 2000;

        /// <summary>docs/components/reference#action-row: up to 5 action rows per message, up to 5 buttons in a row.</summary>
        private const int MaxRows = 5;

        private const int MaxButtonsPerRow = 5;

        /// <summary>docs/reference#uploading-files: up to 10 files per message.</summary>
        private const int MaxFiles = 10;

        /// <summary>The error for a body that breaks the limits, or null. Codes from docs/topics/opcodes-and-status-codes#json-json-error-codes.</summary>
        public static FakeResponse? Check(string method, string path, string json, IReadOnlyList<int> fileSizes, int uploadLimit)
        {
            var segments = path.Trim('/').Split('/');
            bool create;
            JsonNode? message;
            switch (method, segments)
            {
                case ("POST", ["channels", _, "messages"]) or ("POST", ["webhooks", _, _]):
                    (create, message) = (true, Parse(json));
                    break;
                case ("PATCH", ["channels", _, "messages", _]) or ("PATCH", ["webhooks", _, _, "messages", _]):
                    (create, message) = (false, Parse(json));
                    break;
                case ("POST", ["interactions", _, _, "callback"]):
                    // Type 4 answers with a new message, type 7 edits the component's message; the rest carry none.
                    var callback = Parse(json);
                    var type = callback?["type"]?.GetValue<int>();
                    (create, message) = (type == 4, type is 4 or 7 ? callback?["data"] : null);
                    if (message is null)
                    {
                        return null;
                    }

                    break;
                default:
                    return null;
            }

            if (fileSizes.Any(size => size > uploadLimit))
            {
                return new FakeResponse(413, """{"message":"Request entity too large","code":40005}""");
            }

            var content = message?["content"]?.GetValue<string>();
            if (content?.Length > MaxContent)
            {
                return InvalidFormBody("content", "BASE_TYPE_MAX_LENGTH", $"Must be {MaxContent} or fewer in length.");
            }

            if (fileSizes.Count > MaxFiles)
            {
                return InvalidFormBody("attachments", "BASE_TYPE_MAX_LENGTH", $"Must be {MaxFiles} or fewer in length.");
            }

            var rows = message?["components"] as JsonArray;
            if (rows?.Count > MaxRows || rows?.Any(row => (row?["components"] as JsonArray)?.Count > MaxButtonsPerRow) == true)
            {
                return InvalidFormBody("components", "BASE_TYPE_MAX_LENGTH", $"Must be {MaxRows} or fewer in length.");
            }

            // docs/resources/message#create-message: "apps must provide a value for at least one of content, embeds,
            // sticker_ids, components, files[n], or poll"; otherwise 50006.
            var empty = string.IsNullOrEmpty(content) && fileSizes.Count == 0 && rows is not { Count: > 0 }
                && message?["embeds"] is not JsonArray { Count: > 0 } && message?["sticker_ids"] is not JsonArray { Count: > 0 } && message?["poll"] is null;
            return create && empty ? new FakeResponse(400, """{"message":"Cannot send an empty message","code":50006}""") : null;
        }

        private static JsonNode? Parse(string json) => string.IsNullOrWhiteSpace(json) ? null : JsonNode.Parse(json);

        private static FakeResponse InvalidFormBody(string field, string code, string text) => new(
            400,
            new JsonObject
            {
                ["message"] = "Invalid Form Body",
                ["code"] = 50035,
                ["errors"] = new JsonObject { [field] = new JsonObject { ["_errors"] = new JsonArray { new JsonObject { ["code"] = code, ["message"] = text } } } },
            }.ToJsonString());
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;

namespace DiffusionBot.Discord.Tests.Fakes;

/// <summary>
/// The REST half of the fake: records every request (multipart parsed by ASP.NET Core's form reader), answers from a
/// script per path, or with a plausible default (the message, 204 for callbacks and reactions, the gateway URL).
/// </summary>
internal sealed class FakeRest(Uri gatewayUrl)
{
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
        var response = RateLimits?.Admit(request.Method, path, recorded.Authorization, arrivedAt, out limitHeaders)
            ?? (_scripts.TryGetValue(path, out var queue) && queue.TryDequeue(out var scripted) ? scripted : null)
            ?? MatchScript(recorded) ?? Guild?.Handle(request.Method, path, body, fields, files.Count) ?? Default(request.Method, path);
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

        if (response.Json is { } json)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(json);
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

    private FakeResponse Default(string method, string path)
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
            return new FakeResponse(200, """[{"id":"1001","name":"imagine","description":"Draw","type":1}]""");
        }

        _ = method;
        return new FakeResponse(200, """{"id":"155117677105512449","channel_id":"41771983423143937","content":"ok"}""");
    }
}

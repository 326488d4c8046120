using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Slack.Tests.Fakes;

/// <summary>
/// A protocol-faithful fake Slack on 127.0.0.1 (Kestrel): <c>/api/{method}</c> with Bearer checks and <c>ok</c> in every
/// answer, <c>apps.connections.open</c> handing out one-time <c>/link/?ticket=N</c> WebSocket URLs that say hello,
/// an upload URL, <c>url_private</c>-style download endpoints, and <c>response_url</c>s. The Web API methods and the
/// failures Slack really answers with (conversations the bot is not in, invalid blocks, files shared a moment late) are in
/// <c>FakeSlack.Methods.cs</c> and <c>FakeSlack.Blocks.cs</c>.
/// </summary>
internal sealed partial class FakeSlack : IAsyncDisposable
{
    public const string BotToken = "xoxb-fake-bot";
    public const string AppToken = "xapp-fake-app";

    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<RecordedRequest, IResult>>> _scripts = new();
    private readonly Channel<FakeSocket> _sockets = Channel.CreateUnbounded<FakeSocket>();
    private readonly ConcurrentDictionary<string, long> _issuedTriggers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _exchangedTriggers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _lateTriggers = new(StringComparer.Ordinal);

    /// <summary>Makes <paramref name="triggerId"/> count as more than 3 seconds old when the bot exchanges it (a slow bot, without a real wait).</summary>
    public void ExpireTrigger(string triggerId) => _lateTriggers.TryAdd(triggerId, 0);

    /// <summary>The modals the bot opened with <c>views.open</c>, as sent.</summary>
    public ConcurrentQueue<JsonElement> OpenedViews { get; } = new();
    private readonly List<string> _timeline = [];
    private readonly ConcurrentDictionary<string, FakeMessage> _messages = new();
    private readonly ConcurrentDictionary<string, FakeFile> _files = new();
    private int _tickets;
    private int _ts = 99;
    private int _fileIds = 122;

    private FakeSlack(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
    }

    public Uri BaseUri { get; private set; } = null!;

    public string ApiBaseUrl => new Uri(BaseUri, "api").ToString();

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>The URLs handed out by apps.connections.open, in order.</summary>
    public ConcurrentQueue<string> SocketUrls { get; } = new();

    /// <summary>Tickets whose socket says hello and then never reads again, so it answers no ping.</summary>
    public ConcurrentDictionary<int, bool> SilentTickets { get; } = new();

    public ConcurrentDictionary<string, byte[]> Uploads { get; } = new();

    public ConcurrentQueue<string?> UploadAuthorizations { get; } = new();

    /// <summary>The Authorization header each download endpoint saw, keyed by path.</summary>
    public ConcurrentQueue<(string Path, string? Authorization)> Downloads { get; } = new();

    /// <summary>The users <c>users.info</c> reports as workspace admins (<c>is_admin</c>); everyone else is a member.</summary>
    public ConcurrentDictionary<string, bool> WorkspaceAdmins { get; } = new(StringComparer.Ordinal) { ["U222"] = true };

    /// <summary>Slack's per-method rate limits, when set: calls beyond them get 429s, and calls sent too early are counted.</summary>
    public FakeRateLimits? RateLimits { get; set; }

    /// <summary>Methods whose calls are recorded and then answered only once the task completes (to hold a job mid-way).</summary>
    public ConcurrentDictionary<string, Task> Holds { get; } = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _arrivals = new(StringComparer.Ordinal);

    /// <summary>Holds <paramref name="method"/>'s calls until <paramref name="release"/> completes; the task returned completes once one has arrived.</summary>
    public Task Hold(string method, Task release)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _arrivals[method] = arrived;
        Holds[method] = release;
        return arrived.Task;
    }

    private readonly ConcurrentQueue<(Func<RecordedRequest, bool> Match, Task Release, TaskCompletionSource Arrived)> _matchHolds = new();

    /// <summary>Holds the first later call that <paramref name="match"/> accepts until <paramref name="release"/> completes; the task returned completes once it has arrived.</summary>
    public Task HoldWhen(Func<RecordedRequest, bool> match, Task release)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _matchHolds.Enqueue((match, release, arrived));
        return arrived.Task;
    }

    private Task? MatchHold(RecordedRequest request)
    {
        lock (_matchHolds)
        {
            var kept = new List<(Func<RecordedRequest, bool>, Task, TaskCompletionSource)>();
            Task? found = null;
            while (_matchHolds.TryDequeue(out var entry))
            {
                if (found is null && entry.Match(request))
                {
                    entry.Arrived.TrySetResult();
                    found = entry.Release;
                }
                else
                {
                    kept.Add(entry);
                }
            }

            kept.ForEach(_matchHolds.Enqueue);
            return found;
        }
    }

    /// <summary>The size <c>/files/huge</c> announces and tries to send: 30 MB.</summary>
    public const long HugeFileBytes = 30L * 1024 * 1024;

    /// <summary>How many bytes each download of <c>/files/huge</c> got onto the wire before the client stopped it.</summary>
    public ConcurrentQueue<long> HugeDownloads { get; } = new();

    /// <summary>The image <c>/files/picture.png</c> serves (a real PNG set by the test).</summary>
    public byte[] Picture { get; set; } = Png;

    /// <summary>Every message, oldest first.</summary>
    public FakeMessage[] Messages => [.. _messages.Values.OrderBy(m => m.Ts, StringComparer.Ordinal)];

    /// <summary>The messages of a thread (its parent excluded), oldest first.</summary>
    public FakeMessage[] Thread(string channel, string threadTs) =>
        [.. Messages.Where(m => m.Channel == channel && m.ThreadTs == threadTs && m.Ts != threadTs && !m.Deleted)];

    /// <summary>The uploaded bytes of a file.</summary>
    public byte[] FileBytes(string fileId) => Uploads[fileId];

    public string[] Timeline
    {
        get
        {
            lock (_timeline)
            {
                return [.. _timeline];
            }
        }
    }

    public static async Task<FakeSlack> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeSlack(app, clock ?? TimeProvider.System);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        fake.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>Answers the next calls of <paramref name="method"/> with these responses, in order, then the defaults again.</summary>
    public void Script(string method, params Func<RecordedRequest, IResult>[] responses)
    {
        var queue = _scripts.GetOrAdd(method, _ => new());
        foreach (var response in responses)
        {
            queue.Enqueue(response);
        }
    }

    public RecordedRequest[] RequestsFor(string method) => [.. Requests.Where(r => r.Method == method)];

    /// <summary>The next Socket Mode connection, after its hello was sent.</summary>
    public async Task<FakeSocket> NextSocketAsync() =>
        await _sockets.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }

    public static IResult Ok(object? fields = null)
    {
        var json = JsonSerializer.SerializeToNode(fields ?? new { })!.AsObject();
        json["ok"] = true;
        return Results.Text(json.ToJsonString(), "application/json; charset=utf-8");
    }

    public static IResult Error(string error) =>
        Results.Text(JsonSerializer.Serialize(new { ok = false, error }), "application/json; charset=utf-8");

    public static IResult RateLimited(int retryAfterSeconds) => new RateLimitedResult(retryAfterSeconds);

    /// <summary>How many uses a <c>response_url</c> allows, and for how long.</summary>
    /// <remarks>"up to 5 times within 30 minutes of the user's invocation" (api.slack.com/interactivity/handling#message_responses).</remarks>
    public const int ResponseUrlUses = 5;

    public static readonly TimeSpan ResponseUrlLifetime = TimeSpan.FromMinutes(30);

    private readonly ConcurrentDictionary<string, (DateTimeOffset IssuedAt, int Uses)> _responseUrls = new(StringComparer.Ordinal);

    /// <summary>What each response_url got: its path and its JSON body.</summary>
    public ConcurrentQueue<(string Path, JsonElement Body)> Responses { get; } = new();

    /// <summary>A fresh response_url on this fake, as a slash command or a button press carries it.</summary>
    public string ResponseUrl(string id)
    {
        var path = "/commands/T111/" + id + "/secret";
        _responseUrls[path] = (_clock.GetUtcNow(), 0);
        return new Uri(BaseUri, path.TrimStart('/')).ToString();
    }

    private IResult Respond(string path, string? contentType, string? authorization, byte[] body)
    {
        // A response_url is its own credential: clients send no token (python-slack-sdk WebhookClient), only JSON.
        if (contentType?.StartsWith("application/json", StringComparison.Ordinal) != true || authorization is not null)
        {
            return Results.BadRequest("invalid_payload");
        }

        // Unknown, spent or expired URLs get a 404 (the exact error names are not in Slack's docs; these are descriptive).
        if (!_responseUrls.TryGetValue(path, out var state))
        {
            return Results.NotFound("no_such_url");
        }

        if (_clock.GetUtcNow() - state.IssuedAt > ResponseUrlLifetime)
        {
            return Results.NotFound("expired_url");
        }

        if (state.Uses >= ResponseUrlUses)
        {
            return Results.NotFound("used_url");
        }

        _responseUrls[path] = (state.IssuedAt, state.Uses + 1);
        Responses.Enqueue((path, JsonDocument.Parse(body).RootElement.Clone()));
        return Results.Text("ok");
    }

    private void Record(string entry)
    {
        lock (_timeline)
        {
            _timeline.Add(entry);
        }
    }

    private void Map(WebApplication app)
    {
        app.MapPost("/api/{method}", async (string method, HttpContext context) =>
        {
            var limits = RateLimits;
            limits?.OnArrival(method);
            var request = await ReadAsync(method, context);
            Requests.Enqueue(request);
            if (Holds.TryGetValue(method, out var hold))
            {
                if (_arrivals.TryGetValue(method, out var arrived))
                {
                    arrived.TrySetResult();
                }

                await hold;
            }

            if (MatchHold(request) is { } held)
            {
                await held;
            }

            var result = _scripts.TryGetValue(method, out var queue) && queue.TryDequeue(out var scripted)
                ? scripted(request)
                : limits?.TryTake(method, ChannelOf(request)) is { } retryAfter ? RateLimited(retryAfter) : Default(request);
            if (result is RateLimitedResult limited)
            {
                limits?.OnRateLimited(method, limited.RetryAfterSeconds);
            }

            return result;
        });

        app.Map("/link/", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest || !int.TryParse(context.Request.Query["ticket"], out var ticket))
            {
                context.Response.StatusCode = 400;
                return;
            }

            using var ws = await context.WebSockets.AcceptWebSocketAsync();
            var socket = new FakeSocket(ticket, ws, _issuedTriggers);
            Record($"ws-open:{ticket}");
            await socket.SendAsync("""{"type":"hello","num_connections":1,"debug_info":{"host":"applink-fake","approximate_connection_time":18060},"connection_info":{"app_id":"A111"}}""");
            Record($"hello:{ticket}");
            _sockets.Writer.TryWrite(socket);
            if (SilentTickets.ContainsKey(ticket))
            {
                // Not a sleep: holds the silent socket open until the client aborts the request.
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                Record($"ws-lost:{ticket}");
                return;
            }

            await socket.ReceiveLoopAsync(Record, context.RequestAborted);
        });

        app.MapPost("/commands/{**path}", async (string path, HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            return Respond("/commands/" + path, context.Request.ContentType, context.Request.Headers.Authorization.FirstOrDefault(), buffer.ToArray());
        });

        app.MapPost("/upload/{fileId}", async (string fileId, HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            Uploads[fileId] = body.ToArray();
            UploadAuthorizations.Enqueue(context.Request.Headers.Authorization.FirstOrDefault());
            return Results.Text("OK - " + body.Length);
        });

        app.MapGet("/files/huge", async context =>
        {
            Downloads.Enqueue(("/files/huge", context.Request.Headers.Authorization.FirstOrDefault()));
            context.Response.ContentType = "image/png";
            context.Response.ContentLength = HugeFileBytes;
            var chunk = new byte[64 * 1024];
            long sent = 0;
            try
            {
                // A flush completes only once the connection took the bytes (Kestrel buffers 64 KB); after the client
                // hung up, the flush says so (IsCompleted) and later writes would be dropped without an error.
                while (sent < HugeFileBytes)
                {
                    var flushed = await context.Response.BodyWriter.WriteAsync(chunk, context.RequestAborted);
                    if (flushed.IsCompleted || flushed.IsCanceled)
                    {
                        break;
                    }

                    sent += chunk.Length;
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException)
            {
                // The client stopped reading.
            }
            finally
            {
                HugeDownloads.Enqueue(sent);
            }
        });

        app.MapGet("/files/{**path}", (string path, HttpContext context) =>
        {
            var authorization = context.Request.Headers.Authorization.FirstOrDefault();
            Downloads.Enqueue(("/files/" + path, authorization));
            var port = context.Request.Host.Port;
            return path switch
            {
                "redirect-away" => Results.Redirect($"http://localhost:{port}/files/image.png"),
                "redirect-home" => Results.Redirect($"http://127.0.0.1:{port}/files/image.png"),
                "login" => Results.Text("<!DOCTYPE html><html><body>Sign in to Slack</body></html>", "text/html; charset=utf-8"),
                "disguised-login" => Results.Bytes("<html><body>Sign in</body></html>"u8.ToArray(), "image/png"),
                "big" => Results.Bytes(new byte[4096], "image/png"),
                "picture.png" when authorization == "Bearer " + BotToken => Results.Bytes(Picture, "image/png"),
                "big-chunked" => Results.Stream(async stream => { for (var i = 0; i < 8; i++) { await stream.WriteAsync(new byte[1024]); await stream.FlushAsync(); } }, "image/png"),
                _ when authorization != "Bearer " + BotToken && context.Request.Host.Host == "127.0.0.1" =>
                    Results.Text("<!DOCTYPE html><html><body>Sign in to Slack</body></html>", "text/html"),
                _ => Results.Bytes(Png, "image/png"),
            };
        });
    }

    /// <summary>The bytes the download endpoints serve: a PNG signature and a few bytes.</summary>
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

    private async Task<RecordedRequest> ReadAsync(string method, HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var args = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        JsonElement? json = null;
        var contentType = context.Request.ContentType;
        if (contentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) == true)
        {
            foreach (var pair in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body)))
            {
                args[pair.Key] = pair.Value.ToString();
            }
        }
        else if (contentType?.StartsWith("application/json", StringComparison.Ordinal) == true)
        {
            json = JsonDocument.Parse(body).RootElement.Clone();
        }

        return new RecordedRequest(method, context.Request.Headers.Authorization.FirstOrDefault(), contentType, body, args, json, _clock.GetUtcNow());
    }

    private static string? ChannelOf(RecordedRequest request) =>
        request.Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("channel", out var channel) ? channel.GetString() : request.Args.GetValueOrDefault("channel");

    private sealed class RateLimitedResult(int retryAfterSeconds) : IResult
    {
        public int RetryAfterSeconds => retryAfterSeconds;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            httpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            httpContext.Response.ContentType = "application/json";
            return httpContext.Response.WriteAsync("""{"ok":false,"error":"ratelimited"}""");
        }
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Discord.Tests.Fakes;

/// <summary>A protocol-faithful Discord on 127.0.0.1: REST under <c>/api/v10</c>, the gateway on <c>/gateway</c> and <c>/resume</c>.</summary>
internal sealed class FakeDiscord : IAsyncDisposable
{
    public const string Token = "test-token";
    public const ulong ApplicationId = 775799577604522054;

    private readonly WebApplication _app;

    private FakeDiscord(WebApplication app, Uri root)
    {
        _app = app;
        Root = root;
        Gateway = new FakeGateway(new Uri($"ws://{root.Authority}/resume"), new Uri($"ws://{root.Authority}/gateway"));
        Rest = new FakeRest(new Uri($"ws://{root.Authority}/gateway"), Token) { GatewayBot = Gateway.GatewayBotJson };
    }

    public Uri Root { get; }

    public string ApiBaseUrl => $"http://{Root.Authority}/api/v10";

    public string GatewayUrl => $"ws://{Root.Authority}/gateway";

    public FakeGateway Gateway { get; }

    public FakeRest Rest { get; }

    /// <summary>Files served under <c>/cdn/NAME</c>, as Discord's attachment CDN would; a <c>chunked-</c> name is sent without Content-Length.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, (string ContentType, byte[] Bytes)> Cdn { get; } = new();

    /// <summary>How many CDN downloads were asked for.</summary>
    public int CdnRequests => Volatile.Read(ref _cdnRequests);

    public string CdnUrl(string name) => $"http://{Root.Authority}/cdn/{name}";

    private int _cdnRequests;

    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Method, Func<string, bool> Path, AnswerHold Hold)> _holds = new();

    /// <summary>
    /// The next REST request with <paramref name="method"/> whose path (after <c>/api/v10</c>) <paramref name="path"/>
    /// accepts is handled as usual (Discord has it), but the answer reaches the bot only after <see cref="AnswerHold.Release"/>.
    /// For bodiless answers (an interaction callback's 204), which Kestrel sends only when the handler returns.
    /// </summary>
    public AnswerHold HoldNextAnswer(string method, Func<string, bool> path)
    {
        var hold = new AnswerHold();
        _holds.Enqueue((method, path, hold));
        return hold;
    }

    private AnswerHold? TakeHold(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        lock (_holds)
        {
            if (_holds.TryPeek(out var next) && next.Method == request.Method && next.Path(request.Path.Value!["/api/v10".Length..]))
            {
                _holds.TryDequeue(out _);
                return next.Hold;
            }

            return null;
        }
    }

    private async Task ServeCdnAsync(Microsoft.AspNetCore.Http.HttpContext context)
    {
        Interlocked.Increment(ref _cdnRequests);
        var name = context.Request.Path.Value!["/cdn/".Length..];
        if (name.StartsWith("redirect-", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = "https://evil.example.com/" + name;
            return;
        }

        if (!Cdn.TryGetValue(name, out var file))
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = file.ContentType;
        if (!name.StartsWith("chunked-", StringComparison.Ordinal))
        {
            context.Response.ContentLength = file.Bytes.Length;
            await context.Response.Body.WriteAsync(file.Bytes);
            return;
        }

        // No Content-Length: the client learns the size only by reading, so only a cap while reading stops it.
        const int chunk = 64 * 1024;
        for (var offset = 0; offset < file.Bytes.Length; offset += chunk)
        {
            await context.Response.Body.WriteAsync(file.Bytes.AsMemory(offset, Math.Min(chunk, file.Bytes.Length - offset)), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    public static async Task<FakeDiscord> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        FakeDiscord? fake = null;
        app.Map("/gateway", context => fake!.Gateway.AcceptAsync(context));
        app.Map("/resume", context => fake!.Gateway.AcceptAsync(context));
        app.Map("/api/v10/{**path}", async context =>
        {
            var hold = fake!.TakeHold(context.Request);
            await fake.Rest.HandleAsync(context);
            if (hold is not null)
            {
                await hold.HoldAsync(context.Response);
            }
        });
        app.Map("/cdn/{**path}", context => fake!.ServeCdnAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake = new FakeDiscord(app, new Uri(address));
        return fake;
    }

    public DiscordOptions Options(GatewayIntents intents = DiscordOptions.DefaultIntents, string token = Token, bool discoverGateway = false) => new()
    {
        Token = token,
        ApplicationId = ApplicationId,
        ApiBaseUrl = ApiBaseUrl,
        GatewayUrl = discoverGateway ? null : GatewayUrl,
        Intents = intents,
    };

    public async ValueTask DisposeAsync()
    {
        Gateway.AbortAll();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>One held REST answer: <see cref="Handled"/> completes once the fake has handled the request, <see cref="Release"/> sends the answer.</summary>
    internal sealed class AnswerHold
    {
        private readonly TaskCompletionSource _handled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Handled => _handled.Task;

        public void Release() => _released.TrySetResult();

        internal async Task HoldAsync(Microsoft.AspNetCore.Http.HttpResponse response)
        {
            if (response.HasStarted)
            {
                throw new InvalidOperationException("Only a bodiless answer can be held: this one has already left.");
            }

            _handled.TrySetResult();
            await _released.Task;
        }
    }
}

using System.Globalization;
using System.Text.Json;
using DiffusionBot.Playground.Messages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Playground.Api;

/// <summary>
/// <c>GET /api/events</c>: Server-Sent Events carrying every message created or changed in the channel. It reads the
/// database (a worker in another process writes there too): first the recent history, then, every
/// <see cref="PlaygroundOptions.PollInterval"/>, the rows whose revision is above the last one sent. The event id is
/// that revision, so a reconnecting browser resumes where it left off (<c>Last-Event-ID</c>).
/// </summary>
internal static class EventStream
{
    /// <summary>A comment line this often keeps proxies and browsers from closing an idle stream.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private const int BatchLimit = 500;

    public static async Task StreamAsync(
        HttpContext context,
        PlaygroundMessageStore store,
        IOptions<PlaygroundOptions> options,
        IHostApplicationLifetime lifetime,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        var response = context.Response;
        response.Headers.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var token = stop.Token;
        var logger = loggers.CreateLogger(typeof(EventStream));
        var settings = options.Value;
        try
        {
            await response.WriteAsync("retry: 1000\n\n", token).ConfigureAwait(false);
            long last;
            if (ResumeFrom(context.Request) is { } resume)
            {
                last = resume;
            }
            else
            {
                // The counter is read first: a change made while the history is read is sent again, never lost.
                last = store.CurrentRevision();
                await SendAsync(response, store.Latest(settings.HistoryLimit), token).ConfigureAwait(false);
            }

            var quietSince = time.GetTimestamp();
            while (!token.IsCancellationRequested)
            {
                try
                {
                    var changed = store.Since(last, BatchLimit);
                    if (changed.Count > 0)
                    {
                        last = await SendAsync(response, changed, token).ConfigureAwait(false);
                        quietSince = time.GetTimestamp();
                    }
                    else if (time.GetElapsedTime(quietSince) >= KeepAlive)
                    {
                        await response.WriteAsync(": keep-alive\n\n", token).ConfigureAwait(false);
                        await response.Body.FlushAsync(token).ConfigureAwait(false);
                        quietSince = time.GetTimestamp();
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException && e is not IOException)
                {
                    logger.StreamFailed(e);
                }

                await Task.Delay(settings.PollInterval, time, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The page closed or the host is stopping.
        }
        catch (IOException)
        {
            // The connection dropped.
        }
    }

    private static long? ResumeFrom(HttpRequest request)
    {
        var text = request.Headers["Last-Event-ID"].ToString();
        if (text.Length == 0)
        {
            text = request.Query["after"].ToString();
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : null;
    }

    private static async Task<long> SendAsync(HttpResponse response, IReadOnlyList<PlaygroundMessage> messages, CancellationToken token)
    {
        var last = 0L;
        foreach (var message in messages)
        {
            var json = JsonSerializer.Serialize(MessageEvent.From(message), PlaygroundJsonContext.Default.MessageEvent);
            await response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"id: {message.Revision}\ndata: {json}\n\n"), token).ConfigureAwait(false);
            last = Math.Max(last, message.Revision);
        }

        await response.Body.FlushAsync(token).ConfigureAwait(false);
        return last;
    }
}

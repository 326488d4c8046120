using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DiffusionBot.Discord.Rest.RateLimits;
using DiffusionBot.Discord.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord.Rest;

/// <summary>
/// Discord's REST API over one <see cref="HttpClient"/>: bot authorization, the mandatory User-Agent, per-bucket and
/// global rate limits learned from the headers, 429s obeyed, a few retries on 5xx. Split by doc section into partial files.
/// </summary>
internal sealed partial class DiscordRestClient
{
    /// <summary>Discord blocks requests without a <c>DiscordBot (url, version)</c> agent.</summary>
    public const string UserAgent = "DiscordBot (https://github.com/diffusionbot, 1.0)";

    /// <summary>After this many 429s in a row on one request, give up and throw.</summary>
    public const int MaxRateLimitRetries = 5;

    /// <summary>Waits before retrying a 5xx; one retry per entry.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultServerErrorDelays =
        [TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>When a 429 names no wait at all.</summary>
    private static readonly TimeSpan FallbackRetryAfter = TimeSpan.FromSeconds(1);

    private readonly HttpClient _http;
    private readonly DiscordOptions _options;
    private readonly string _baseUrl;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<TimeSpan> _serverErrorDelays;
    private readonly RateLimitManager _buckets;
    private readonly GlobalRateLimiter _global;

    public DiscordRestClient(
        HttpClient http,
        IOptions<DiscordOptions> options,
        TimeProvider time,
        ILogger<DiscordRestClient> logger,
        IReadOnlyList<TimeSpan>? serverErrorDelays = null)
    {
        _http = http;
        _options = options.Value;
        _baseUrl = _options.ApiBaseUrl.TrimEnd('/');
        _time = time;
        _logger = logger;
        _serverErrorDelays = serverErrorDelays ?? DefaultServerErrorDelays;
        _buckets = new RateLimitManager(time);
        _global = new GlobalRateLimiter(time);
    }

    /// <summary>How many requests wait for their rate-limit bucket's turn (tests wait on it instead of sleeping).</summary>
    internal int RequestsWaitingForTurn => _buckets.Waiting;

    private Task SendAsync(Route route, string path, Func<HttpContent>? content, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(route, path, content, null, cancellationToken);

    private async Task<T?> SendAsync<T>(
        Route route, string path, Func<HttpContent>? content, JsonTypeInfo<T>? responseType, CancellationToken cancellationToken)
    {
        var bucket = _buckets.GetBucket(route);
        await bucket.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var rateLimited = 0;
            var serverErrors = 0;
            while (true)
            {
                for (var wait = bucket.TakeOrGetDelay(); wait > TimeSpan.Zero; wait = bucket.TakeOrGetDelay())
                {
                    _logger.RestBucketWait(route.ToString(), wait);
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                }

                using var request = new HttpRequestMessage(route.Method, _baseUrl + path);
                request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
                if (!route.IsInteraction)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bot", _options.Token);
                }

                request.Content = content?.Invoke();
                using var response = await SendCountedAsync(route, request, cancellationToken).ConfigureAwait(false);

                var info = RateLimitInfo.Parse(response.Headers);
                bucket.Update(info);
                if (info.Bucket is { } hash)
                {
                    _buckets.Learn(route, hash, bucket);
                }

                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    Chat.Telemetry.BotMetrics.RecordRateLimited("Discord");
                    var body = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
                    var retryAfter = body?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : info.RetryAfter ?? FallbackRetryAfter;
                    var global = body?.Global ?? info.Global;
                    if (global)
                    {
                        _global.PauseFor(retryAfter);
                    }
                    else
                    {
                        bucket.PauseFor(retryAfter);
                    }

                    _logger.RestRateLimited(route.ToString(), global, info.Scope, retryAfter);
                    if (++rateLimited > MaxRateLimitRetries)
                    {
                        throw new DiscordApiException(response.StatusCode, body?.Code, body?.Message, route.ToString());
                    }

                    continue;
                }

                if ((int)response.StatusCode >= 500 && serverErrors < _serverErrorDelays.Count)
                {
                    var delay = _serverErrorDelays[serverErrors++];
                    _logger.RestServerError(route.ToString(), (int)response.StatusCode, serverErrors, delay);
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    var body = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
                    throw new DiscordApiException(response.StatusCode, body?.Code, body?.Message, route.ToString());
                }

                if (responseType is null || response.StatusCode == HttpStatusCode.NoContent)
                {
                    return default;
                }

                return await response.Content.ReadFromJsonAsync(responseType, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            bucket.Exit();
        }
    }

    /// <summary>Sends under the global limit (interaction routes are exempt), holding the permit until the answer is in.</summary>
    private async Task<HttpResponseMessage> SendCountedAsync(Route route, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (route.IsInteraction)
        {
            return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        await _global.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _global.Release();
        }
    }

    private static async Task<DiscordErrorBody?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(DiscordJsonContext.Default.DiscordErrorBody, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A JSON body, or multipart (<c>payload_json</c> + <c>files[n]</c>) when there are files; built per attempt.</summary>
    private static Func<HttpContent> Json<T>(T body, JsonTypeInfo<T> type) => () => JsonContent.Create(body, type);

    private static Func<HttpContent> Message(MessageBody body, IReadOnlyList<DiscordFile>? files) =>
        files is not { Count: > 0 }
            ? Json(body, DiscordJsonContext.Default.MessageBody)
            : () => Multipart(JsonSerializer.Serialize(WithSlots(body, files), DiscordJsonContext.Default.MessageBody), files);

    private static MessageBody WithSlots(MessageBody body, IReadOnlyList<DiscordFile> files) =>
        body.Attachments is not null
            ? body
            : body with { Attachments = [.. files.Select((f, i) => new AttachmentSlot((ulong)i, f.FileName, f.Description))] };

    private static MultipartFormDataContent Multipart(string payloadJson, IReadOnlyList<DiscordFile> files)
    {
        var multipart = new MultipartFormDataContent();
        var payload = new StringContent(payloadJson, System.Text.Encoding.UTF8, "application/json");
        payload.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"payload_json\"" };
        multipart.Add(payload);
        for (var i = 0; i < files.Count; i++)
        {
            var file = new ReadOnlyMemoryContent(files[i].Content);
            file.Headers.ContentType = new MediaTypeHeaderValue(files[i].ContentType);
            file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data")
            {
                Name = $"\"files[{i.ToString(CultureInfo.InvariantCulture)}]\"",
                FileName = $"\"{files[i].FileName.Replace("\"", "", StringComparison.Ordinal)}\"",
            };
            multipart.Add(file);
        }

        return multipart;
    }

    private static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);
}

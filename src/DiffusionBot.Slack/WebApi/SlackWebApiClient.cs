using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Slack.WebApi;

/// <summary>
/// Slack's Web API over <see cref="HttpClient"/>: <c>Bearer</c> tokens, form or JSON bodies, <c>ok: false</c> surfaced as a
/// <see cref="SlackApiException"/>, a 429's <c>Retry-After</c> obeyed per method, and backoff on 5xx.
/// Split by the sections of Slack's docs: Chat, Users, Files, Apps.
/// </summary>
internal sealed partial class SlackWebApiClient(
    HttpClient http,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackWebApiClient> logger)
{
    /// <summary>How many 429s in a row one call accepts before it gives up with <c>ratelimited</c>.</summary>
    public const int MaxRateLimitedAttempts = 5;

    /// <summary>The waits before retrying a 5xx answer; one retry per entry.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultServerErrorDelays =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    /// <summary>The wait after a 429 that named no <c>Retry-After</c>.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>How long a request already sent may still run after its caller gave up, so its answer (a 429 above all) is read.</summary>
    public static readonly TimeSpan InFlightGrace = TimeSpan.FromSeconds(5);

    private readonly MethodRateLimiter _limiter = new(time);

    public IReadOnlyList<TimeSpan> ServerErrorDelays { get; init; } = DefaultServerErrorDelays;

    /// <summary>How long <paramref name="method"/> is still held back by a 429; zero or less when it may go now.</summary>
    public TimeSpan RateLimitRemaining(string method) => _limiter.TimeUntilAllowed(method);

    /// <summary>How many calls of <paramref name="method"/> wait for the one in flight to finish (tests wait on it instead of sleeping).</summary>
    internal int CallsWaitingForTurn(string method) => _limiter.Waiting(method);

    /// <summary>The method's URL: the configured base URL, a slash, the method name.</summary>
    public Uri MethodUrl(string method) => new(options.Value.ApiBaseUrl.TrimEnd('/') + "/" + method);

    /// <summary>Calls <paramref name="method"/> with a form body.</summary>
    public Task<TResponse> PostFormAsync<TResponse>(
        string method,
        IEnumerable<KeyValuePair<string, string>> fields,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken,
        SlackTokenKind token = SlackTokenKind.Bot)
        where TResponse : SlackResponse
    {
        var list = fields.ToList();
        return CallAsync(method, () => new FormUrlEncodedContent(list), responseType, token, cancellationToken);
    }

    /// <summary>Calls <paramref name="method"/> with a JSON body.</summary>
    public Task<TResponse> PostJsonAsync<TRequest, TResponse>(
        string method,
        TRequest body,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
        where TResponse : SlackResponse =>
        CallAsync(method, () => JsonContent.Create(body, requestType, new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }), responseType, SlackTokenKind.Bot, cancellationToken);

    private async Task<TResponse> CallAsync<TResponse>(
        string method,
        Func<HttpContent> content,
        JsonTypeInfo<TResponse> responseType,
        SlackTokenKind token,
        CancellationToken cancellationToken)
        where TResponse : SlackResponse
    {
        var rateLimited = 0;
        var serverErrors = 0;

        // One call of a method on the wire at a time, its retries included: a 429 then holds back every later call.
        using var turn = await _limiter.EnterAsync(method, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            await _limiter.WaitAsync(method, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();

            using var request = new HttpRequestMessage(HttpMethod.Post, MethodUrl(method)) { Content = content() };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token == SlackTokenKind.App ? options.Value.AppToken : options.Value.BotToken);
            using var response = await SendWithoutAbandoningAsync(request, cancellationToken).ConfigureAwait(false);

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Chat.Telemetry.BotMetrics.RecordRateLimited("Slack");
                var retryAfter = RetryAfter(response) ?? DefaultRetryAfter;
                _limiter.Block(method, retryAfter);
                logger.WebApiRateLimited(method, retryAfter);
                if (++rateLimited >= MaxRateLimitedAttempts)
                {
                    throw new SlackApiException(method, "ratelimited", response.StatusCode);
                }

                continue;
            }

            if ((int)response.StatusCode >= 500)
            {
                if (serverErrors >= ServerErrorDelays.Count)
                {
                    throw new SlackApiException(method, "http_error", response.StatusCode);
                }

                var delay = ServerErrorDelays[serverErrors++];
                logger.WebApiServerError(method, (int)response.StatusCode, delay);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            TResponse? body = null;
            if (IsJson(response))
            {
                body = await response.Content.ReadFromJsonAsync(responseType, cancellationToken).ConfigureAwait(false);
            }

            if (body is null)
            {
                throw new SlackApiException(method, "invalid_response", response.StatusCode);
            }

            if (!body.Ok)
            {
                throw new SlackApiException(method, body.Error ?? "unknown_error", response.IsSuccessStatusCode ? null : response.StatusCode);
            }

            if (body.Warning is { } warning)
            {
                logger.WebApiWarning(method, warning);
            }

            return body;
        }
    }

    /// <summary>
    /// Sends a request and waits for its answer even when the caller gives up meanwhile (for at most <see cref="InFlightGrace"/>):
    /// Slack answers a request that reached it either way, and a 429 the client never read would let the next call go early.
    /// </summary>
    private async Task<HttpResponseMessage> SendWithoutAbandoningAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var wire = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var giveUp = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).CancelAfter(InFlightGrace), wire);
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, wire.Token).ConfigureAwait(false);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is { } mediaType
        && mediaType.Contains("json", StringComparison.OrdinalIgnoreCase);
}

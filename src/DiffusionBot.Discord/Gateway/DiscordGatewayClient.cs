using System.Net.WebSockets;
using DiffusionBot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord.Gateway;

/// <summary>
/// Discord's gateway: finds the URL, connects, identifies or resumes, heartbeats, and hands every dispatch to the
/// <see cref="IGatewayDispatchHandler"/>. <see cref="RunAsync"/> reconnects until cancelled, and throws
/// <see cref="DiscordGatewayException"/> only for close codes Discord marks as not reconnectable.
/// </summary>
internal sealed partial class DiscordGatewayClient
{
    /// <summary>Discord disconnects a client that sends more than this many events per <see cref="SendWindow"/>.</summary>
    public const int SendLimit = 120;

    public static readonly TimeSpan SendWindow = TimeSpan.FromSeconds(60);

    /// <summary>Sends per <see cref="SendWindow"/> kept for the scheduled heartbeats, which nothing else may use.</summary>
    /// <remarks>
    /// Going over the limit disconnects at once, and so does a missed heartbeat; at Discord's 41.25 s interval at most 2
    /// scheduled beats fall in any 60 s. Heartbeats Discord asks for (op 1) are skipped once only these are left.
    /// </remarks>
    public const int HeartbeatReserve = 3;

    /// <summary>Appended to every gateway URL: API v10, plain JSON text frames.</summary>
    public const string Query = "v=10&encoding=json";

    private readonly IGatewayConnection _connection;
    private readonly DiscordRestClient _rest;
    private readonly IGatewayDispatchHandler _handler;
    private readonly IReconnectStrategy _reconnect;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly IdentifyBudget _identifyBudget;

    public DiscordGatewayClient(
        IGatewayConnection connection,
        DiscordRestClient rest,
        IGatewayDispatchHandler handler,
        IReconnectStrategy reconnect,
        IOptions<DiscordOptions> options,
        TimeProvider time,
        ILogger<DiscordGatewayClient> logger,
        Random? random = null)
    {
        _connection = connection;
        _rest = rest;
        _handler = handler;
        _reconnect = reconnect;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _random = random ?? Random.Shared;
        _identifyBudget = new IdentifyBudget(time);
    }

    public GatewaySession Session { get; } = new();

    public GatewayConnectionState State { get; private set; } = GatewayConnectionState.Disconnected;

    /// <summary>Runs connections until <paramref name="cancellationToken"/> fires (a <c>BackgroundService.ExecuteAsync</c> body).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var delays = _reconnect.GetDelays().GetEnumerator();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                ConnectionOutcome outcome;
                try
                {
                    var resume = Session.CanResume;
                    var url = resume ? Session.ResumeGatewayUrl! : await WaitForIdentifyBudgetAsync(cancellationToken).ConfigureAwait(false);
                    _logger.GatewayConnecting(resume ? "resume" : "identify");
                    outcome = await RunConnectionAsync(WithQuery(url), resume, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException or System.Text.Json.JsonException
                    || ex is DiscordApiException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError })
                {
                    outcome = new ConnectionOutcome(ReconnectAction.Resume, false, null, ex.Message);
                    var wait = NextDelay(delays);
                    _logger.GatewayConnectionFailed(ex, wait);
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (outcome.Action == ReconnectAction.Fatal)
                {
                    _logger.GatewayFatalClose(outcome.CloseCode ?? 0, outcome.Cause ?? "unknown");
                    throw new DiscordGatewayException(outcome.CloseCode ?? 0, outcome.Cause ?? "unknown");
                }

                if (outcome.Action == ReconnectAction.Reidentify)
                {
                    Session.Reset();
                }

                if (outcome.Healthy)
                {
                    delays.Dispose();
                    delays = _reconnect.GetDelays().GetEnumerator();
                }

                var delay = outcome.Delay ?? (outcome.Healthy ? TimeSpan.Zero : NextDelay(delays));
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            delays.Dispose();
            State = GatewayConnectionState.Stopped;
        }
    }

    private static TimeSpan NextDelay(IEnumerator<TimeSpan> delays) => delays.MoveNext() ? delays.Current : BackoffReconnectStrategy.DefaultMaxDelay;

    /// <summary>
    /// Asks <c>GET /gateway/bot</c> for the session start limit (and the URL, unless one is configured) and waits until the
    /// <see cref="IdentifyBudget"/> allows an Identify; the limit is asked afresh after every wait.
    /// </summary>
    private async ValueTask<string> WaitForIdentifyBudgetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var gateway = await _rest.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false);
            var limit = gateway.SessionStartLimit;
            var plan = _identifyBudget.Plan(limit);
            if (plan.Reason == IdentifyWaitReason.None)
            {
                if (limit is { Remaining: <= IdentifyBudget.LowRemaining })
                {
                    _logger.GatewayIdentifyBudgetLow(limit.Remaining, limit.Total, TimeSpan.FromMilliseconds(limit.ResetAfter));
                }

                return string.IsNullOrWhiteSpace(_options.GatewayUrl) ? gateway.Url : _options.GatewayUrl;
            }

            // The timer starts before the log line, so whoever reads the line knows the wait is already counting.
            var wait = Task.Delay(plan.Delay, _time, cancellationToken);
            switch (plan.Reason)
            {
                case IdentifyWaitReason.Spent:
                    _logger.GatewayIdentifyBudgetSpent(limit!.Total, plan.Delay);
                    break;
                case IdentifyWaitReason.Low:
                    _logger.GatewayIdentifyBudgetSpread(limit!.Remaining, limit.Total, plan.Delay);
                    break;
                default:
                    _logger.GatewayIdentifyConcurrencyWait(plan.Delay);
                    break;
            }

            await wait.ConfigureAwait(false);
        }
    }

    /// <summary>Keeps scheme, host and path; replaces the query with <see cref="Query"/>.</summary>
    internal static Uri WithQuery(string url) => new UriBuilder(url) { Query = Query }.Uri;
}

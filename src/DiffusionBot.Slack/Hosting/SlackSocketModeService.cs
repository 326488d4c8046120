using DiffusionBot.Slack.SocketMode;
using DiffusionBot.Slack.WebApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Slack.Hosting;

/// <summary>
/// Runs the Socket Mode client in the chat process. Off (one log line) when no bot token is set or in HTTP mode. An error
/// Slack declares final, or Socket Mode being disabled for the app, stops the adapter with a log line, never the host;
/// anything else is logged and the client starts again after a pause.
/// </summary>
internal sealed class SlackSocketModeService(
    IServiceProvider services,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackSocketModeService> logger) : BackgroundService
{
    /// <summary>The pause before the client is started again after an unexpected failure.</summary>
    public static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.IsEnabled)
        {
            logger.SlackOff();
            return;
        }

        if (settings.Mode != SlackMode.Socket)
        {
            logger.SlackHttpMode();
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Returns when Slack disabled Socket Mode for the app or the reconnect policy gave up; both are logged.
                await services.GetRequiredService<SlackSocketModeClient>().RunAsync(stoppingToken).ConfigureAwait(false);
                logger.SlackListenerEnded();
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (SlackApiException exception) when (exception.IsFinal)
            {
                logger.SlackStopped(exception.Error);
                return;
            }
            catch (Exception exception)
            {
                logger.SocketLoopFailed(exception, RestartDelay);
                try
                {
                    await Task.Delay(RestartDelay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}

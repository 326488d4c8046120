using System.Net;
using DiffusionBot.Discord.Gateway;
using DiffusionBot.Discord.Mapping;
using DiffusionBot.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Discord.Hosting;

/// <summary>
/// Registers the slash commands, then runs the gateway until the host stops. Errors are logged and retried with backoff;
/// a cause retrying cannot fix (a fatal close code, a refused token) stops the adapter with a log line, never the host.
/// </summary>
internal sealed class DiscordGatewayService(
    CommandRegistrar registrar,
    DiscordGatewayClient gateway,
    DiscordEventHandler handler,
    IReconnectStrategy reconnect,
    TimeProvider time,
    ILogger<DiscordGatewayService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var delays = reconnect.GetDelays().GetEnumerator();
        var registered = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!registered)
                {
                    await registrar.RegisterAsync(stoppingToken).ConfigureAwait(false);
                    registered = true;
                }

                await gateway.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (DiscordGatewayException e)
            {
                logger.AdapterStopped(e.Message);
                break;
            }
            catch (DiscordApiException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                logger.AdapterStopped($"Discord refused the bot token or application id on {e.Route} ({(int)e.StatusCode}); check Discord:Token and Discord:ApplicationId");
                break;
            }
            catch (Exception e)
            {
                var delay = delays.MoveNext() ? delays.Current : BackoffReconnectStrategy.DefaultMaxDelay;
                logger.AdapterFailed(e, delay);
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
        }

        await handler.DrainAsync().ConfigureAwait(false);
    }
}

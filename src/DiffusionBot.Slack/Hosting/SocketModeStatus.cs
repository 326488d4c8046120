using DiffusionBot.Chat;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Slack.Hosting;

/// <summary>
/// Whether the Socket Mode client holds a connection Slack said hello on, for readiness. In HTTP mode, or with Slack off,
/// there is nothing to connect and this never holds readiness back.
/// </summary>
internal sealed class SocketModeStatus(IOptions<SlackOptions> options) : IAdapterReadiness
{
    private volatile string? _notReady = "the socket is not connected yet";

    public string Name => "slack";

    public string? NotReadyReason => options.Value is { IsEnabled: true, Mode: SlackMode.Socket } ? _notReady : null;

    public void Connected() => _notReady = null;

    public void Disconnected(string reason) => _notReady = reason;

    /// <summary>The client ended; a reason already given (Slack disabled the link) is kept.</summary>
    public void Stopped() => Interlocked.CompareExchange(ref _notReady, "the Socket Mode client stopped", null);
}

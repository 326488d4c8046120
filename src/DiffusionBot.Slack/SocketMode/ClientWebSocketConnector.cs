using System.Net.WebSockets;

namespace DiffusionBot.Slack.SocketMode;

/// <summary>Opens real WebSockets with <see cref="ClientWebSocket"/>, pinging to find dead connections.</summary>
/// <param name="pingInterval">How often a ping frame is sent.</param>
/// <param name="pongTimeout">How long a pong may take before the socket is aborted, which fails its pending receive.</param>
internal sealed class ClientWebSocketConnector(TimeSpan pingInterval, TimeSpan pongTimeout) : ISocketConnector
{
    public async ValueTask<ISocketConnection> ConnectAsync(Uri url, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = pingInterval;
        socket.Options.KeepAliveTimeout = pongTimeout;
        try
        {
            await socket.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
            return new ClientWebSocketConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

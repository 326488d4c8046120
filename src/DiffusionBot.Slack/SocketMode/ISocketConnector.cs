namespace DiffusionBot.Slack.SocketMode;

/// <summary>Opens WebSockets; the seam the tests and the real client share.</summary>
internal interface ISocketConnector
{
    /// <summary>Connects to <paramref name="url"/>.</summary>
    ValueTask<ISocketConnection> ConnectAsync(Uri url, CancellationToken cancellationToken);
}

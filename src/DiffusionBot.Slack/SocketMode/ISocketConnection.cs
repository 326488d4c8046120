namespace DiffusionBot.Slack.SocketMode;

/// <summary>One open WebSocket, reduced to what Socket Mode needs: whole text messages in and out.</summary>
internal interface ISocketConnection : IAsyncDisposable
{
    /// <summary>Receives the next whole text message, or null once the peer has closed the socket.</summary>
    ValueTask<string?> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Sends one text message. Safe to call while a receive is in progress.</summary>
    ValueTask SendAsync(string text, CancellationToken cancellationToken);

    /// <summary>Starts a normal close; a pending receive then returns null when the peer answers.</summary>
    ValueTask CloseAsync(CancellationToken cancellationToken);
}

namespace DiffusionBot.Discord.Gateway;

/// <summary>The socket seam under the gateway client: one live connection at a time, reopened by <see cref="ConnectAsync"/>.</summary>
internal interface IGatewayConnection : IAsyncDisposable
{
    /// <summary>Drops any previous connection and opens a new one.</summary>
    ValueTask ConnectAsync(Uri url, CancellationToken cancellationToken);

    /// <summary>Sends one text message; safe to call from several tasks.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    /// <summary>The next whole message; a drop or close frame comes back as <see cref="GatewayFrame.IsClose"/>, not as an exception.</summary>
    ValueTask<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Best-effort close. Any code but 1000/1001 keeps the session resumable.</summary>
    ValueTask CloseAsync(int closeCode, string reason, CancellationToken cancellationToken);
}

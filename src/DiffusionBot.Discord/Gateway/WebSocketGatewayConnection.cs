using System.Buffers;
using System.Net.WebSockets;

namespace DiffusionBot.Discord.Gateway;

/// <summary><see cref="IGatewayConnection"/> over <see cref="ClientWebSocket"/>: plain JSON text frames, no compression.</summary>
internal sealed class WebSocketGatewayConnection : IGatewayConnection
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private ClientWebSocket? _socket;

    public async ValueTask ConnectAsync(Uri url, CancellationToken cancellationToken)
    {
        _socket?.Dispose();
        _socket = new ClientWebSocket();
        await _socket.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var socket = _socket ?? throw new InvalidOperationException("Not connected.");
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(message, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async ValueTask<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken)
    {
        var socket = _socket ?? throw new InvalidOperationException("Not connected.");
        _buffer.ResetWrittenCount();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(_buffer.GetMemory(8 * 1024), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return GatewayFrame.Closed((int?)socket.CloseStatus, socket.CloseStatusDescription);
                }

                _buffer.Advance(result.Count);
                if (result.EndOfMessage)
                {
                    return GatewayFrame.Text(_buffer.WrittenMemory.ToArray());
                }
            }
        }
        catch (WebSocketException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return GatewayFrame.Closed(null, ex.Message);
        }
    }

    public async ValueTask CloseAsync(int closeCode, string reason, CancellationToken cancellationToken)
    {
        if (_socket is not { State: WebSocketState.Open or WebSocketState.CloseReceived } socket)
        {
            _socket?.Abort();
            return;
        }

        try
        {
            await socket.CloseOutputAsync((WebSocketCloseStatus)closeCode, reason, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Best effort: the peer is gone or slow; abort below.
        }

        socket.Abort();
    }

    public ValueTask DisposeAsync()
    {
        _socket?.Dispose();
        _sendLock.Dispose();
        return ValueTask.CompletedTask;
    }
}

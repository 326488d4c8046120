using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace DiffusionBot.Slack.Tests.Fakes;

/// <summary>The fake Slack's end of one Socket Mode WebSocket: push messages, read what the client sent back.</summary>
internal sealed class FakeSocket(int ticket, WebSocket socket, ConcurrentDictionary<string, long> issuedTriggers)
{
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public int Ticket { get; } = ticket;

    /// <summary>When each ack arrived (<see cref="System.Diagnostics.Stopwatch"/> timestamp), by envelope id.</summary>
    public ConcurrentDictionary<string, long> AckedAt { get; } = new(StringComparer.Ordinal);

    /// <summary>Completes when the client closed its side.</summary>
    public Task Closed => _closed.Task;

    public async Task SendAsync(string json)
    {
        // An interaction's trigger_id is issued as Slack delivers it; views.open accepts it for 3 seconds, once.
        try
        {
            using var frame = JsonDocument.Parse(json);
            if (frame.RootElement.ValueKind == JsonValueKind.Object && frame.RootElement.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object
                && payload.TryGetProperty("trigger_id", out var trigger) && trigger.ValueKind == JsonValueKind.String)
            {
                issuedTriggers[trigger.GetString()!] = Stopwatch.GetTimestamp();
            }
        }
        catch (JsonException)
        {
            // Tests send malformed frames on purpose; they carry no trigger.
        }

        await _sendLock.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The next message the client sent (an ack), within a generous bound.</summary>
    public async Task<string> NextReceivedAsync() =>
        await _received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Reads until the client closes; a silenced socket never calls this, so it answers no pings.</summary>
    public async Task ReceiveLoopAsync(Action<string> onClosed, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    onClosed($"ws-closed:{Ticket}");
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    break;
                }

                var arrived = Stopwatch.GetTimestamp();
                var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
                if (EnvelopeId(text) is { } envelopeId)
                {
                    AckedAt.TryAdd(envelopeId, arrived);
                }

                _received.Writer.TryWrite(text);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            onClosed($"ws-lost:{Ticket}");
        }
        finally
        {
            _closed.TrySetResult();
        }
    }

    private static string? EnvelopeId(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.TryGetProperty("envelope_id", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

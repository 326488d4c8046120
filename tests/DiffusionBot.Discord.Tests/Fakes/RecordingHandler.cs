using System.Collections.Concurrent;
using System.Threading.Channels;
using DiffusionBot.Discord.Gateway;

namespace DiffusionBot.Discord.Tests.Fakes;

/// <summary>The test's dispatch handler: keeps every event and lets the test await the next one by name.</summary>
internal sealed class RecordingHandler : IGatewayDispatchHandler
{
    private readonly Channel<GatewayDispatch> _channel = Channel.CreateUnbounded<GatewayDispatch>();
    private readonly ConcurrentQueue<GatewayDispatch> _all = new();

    private readonly ConcurrentQueue<CancellationToken> _tokens = new();

    public IReadOnlyList<GatewayDispatch> All => [.. _all];

    /// <summary>The token each dispatch was handed with, in order: the work it starts lives as long as this token.</summary>
    public IReadOnlyList<CancellationToken> Tokens => [.. _tokens];

    public ValueTask HandleAsync(GatewayDispatch dispatch, CancellationToken cancellationToken)
    {
        _tokens.Enqueue(cancellationToken);
        _all.Enqueue(dispatch);
        _channel.Writer.TryWrite(dispatch);
        return ValueTask.CompletedTask;
    }

    public async Task<GatewayDispatch> WaitForAsync(string eventName)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var next = await _channel.Reader.ReadAsync(timeout.Token);
            if (next.EventName == eventName)
            {
                return next;
            }
        }
    }
}

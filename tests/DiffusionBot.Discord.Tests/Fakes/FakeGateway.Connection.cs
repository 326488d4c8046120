using System.Net.WebSockets;
using System.Text;

namespace DiffusionBot.Discord.Tests.Fakes;

/// <summary>One client socket: what it may still send this minute, its heartbeat deadline, whether the fake closed it.</summary>
internal sealed partial class FakeGateway
{
    private sealed class Connection(WebSocket socket, int number)
    {
        private readonly SemaphoreSlim _send = new(1, 1);
        private readonly Queue<long> _received = new();
        private int _closed;

        public WebSocket Socket { get; } = socket;

        public int Number { get; } = number;

        public volatile bool Acking = true;

        public volatile bool Authenticated;

        public Session? Session { get; set; }

        public ITimer? HeartbeatTimer { get; set; }

        public TimeSpan HeartbeatDeadline { get; set; }

        public bool Closed => Volatile.Read(ref _closed) != 0;

        /// <summary>Marks the connection closed (by the fake or the client) and stops its heartbeat deadline; false if it already was.</summary>
        public bool Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return false;
            }

            HeartbeatTimer?.Dispose();
            return true;
        }

        /// <summary>Counts one received payload against the 120-per-60 s limit; false when it is one too many.</summary>
        public bool TakeSendPermit(TimeProvider time)
        {
            lock (_received)
            {
                var now = time.GetTimestamp();
                while (_received.Count > 0 && time.GetElapsedTime(_received.Peek(), now) >= SendWindow)
                {
                    _received.Dequeue();
                }

                if (_received.Count >= SendLimit)
                {
                    return false;
                }

                _received.Enqueue(now);
                return true;
            }
        }

        public async Task SendAsync(string json)
        {
            await _send.WaitAsync();
            try
            {
                await Socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
            }
            finally
            {
                _send.Release();
            }
        }
    }

    /// <summary>A session's dispatch log, numbered from 1, kept for replay.</summary>
}

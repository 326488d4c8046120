namespace DiffusionBot.Slack.SocketMode;

/// <summary>A bounded set of recently seen ids: the oldest is forgotten once <see cref="Capacity"/> is reached.</summary>
internal sealed class RecentIds(int capacity)
{
    /// <summary>Enough for several minutes of a busy workspace, which covers Slack's redelivery window.</summary>
    public const int DefaultCapacity = 2048;

    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _ids.Count;
            }
        }
    }

    /// <summary>Remembers <paramref name="id"/>; false when it was already remembered.</summary>
    public bool TryAdd(string id)
    {
        lock (_lock)
        {
            if (!_ids.Add(id))
            {
                return false;
            }

            _order.Enqueue(id);
            if (_order.Count > Capacity)
            {
                _ids.Remove(_order.Dequeue());
            }

            return true;
        }
    }

    /// <summary>Whether <paramref name="id"/> is remembered.</summary>
    public bool Contains(string id)
    {
        lock (_lock)
        {
            return _ids.Contains(id);
        }
    }
}

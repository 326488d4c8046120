namespace DiffusionBot.Chat.Storage;

/// <summary>
/// Round-robin across users: the next job goes to the waiting user who was served longest ago
/// (never served counts as longest), each user's own jobs in the order they asked. So when A has
/// eight jobs waiting and B then asks for one, B's starts no later than A's second.
/// </summary>
public static class FairQueue
{
    /// <summary>A waiting request, oldest first, and whose it is.</summary>
    public readonly record struct Waiting(string Id, string User);

    public static List<string> Order(IReadOnlyList<Waiting> waiting, IReadOnlyDictionary<string, long> lastStarted)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        ArgumentNullException.ThrowIfNull(lastStarted);
        var queues = new Dictionary<string, Queue<(string Id, int Arrival)>>();
        for (var i = 0; i < waiting.Count; i++)
        {
            if (!queues.TryGetValue(waiting[i].User, out var queue))
            {
                queues[waiting[i].User] = queue = new Queue<(string, int)>();
            }

            queue.Enqueue((waiting[i].Id, i));
        }

        var served = queues.Keys.ToDictionary(u => u, u => lastStarted.TryGetValue(u, out var at) ? at : long.MinValue);
        var tick = served.Values.DefaultIfEmpty(0).Max();
        var order = new List<string>(waiting.Count);
        while (order.Count < waiting.Count)
        {
            var next = queues
                .Where(q => q.Value.Count > 0)
                .OrderBy(q => served[q.Key])
                .ThenBy(q => q.Value.Peek().Arrival)
                .First();
            order.Add(next.Value.Dequeue().Id);
            served[next.Key] = tick == long.MaxValue ? tick : ++tick;
        }

        return order;
    }
}

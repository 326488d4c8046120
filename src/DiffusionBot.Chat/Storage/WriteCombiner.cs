namespace DiffusionBot.Chat.Storage;

/// <summary>
/// Group commit for callers that each want one small write: whoever arrives while no batch is
/// running becomes the leader and writes everything queued so far in one go; the others sleep until
/// their own result is in, or until the leader hands the next batch to them. Under contention the
/// transaction and commit costs are paid once per batch instead of once per caller, and no caller is
/// woken for someone else's result.
/// </summary>
internal sealed class WriteCombiner<TRequest, TResult>(Func<IReadOnlyList<TRequest>, IReadOnlyList<TResult>> writeBatch, int maxBatch)
{
    private readonly object _sync = new();
    private readonly Queue<Pending> _queue = new();
    private bool _writing;

    /// <summary>Callers queued and not yet taken into a batch.</summary>
    internal int Waiting
    {
        get
        {
            lock (_sync)
            {
                return _queue.Count;
            }
        }
    }

    public TResult Run(TRequest request)
    {
        var pending = new Pending(request);
        bool leads;
        lock (_sync)
        {
            _queue.Enqueue(pending);
            leads = !_writing;
            _writing = true;
        }

        if (!leads)
        {
            pending.WaitForTurn();
            if (pending.Finished)
            {
                return pending.Outcome();
            }
        }

        while (!pending.Finished)
        {
            Write(TakeBatch());
        }

        HandOver();
        return pending.Outcome();
    }

    private List<Pending> TakeBatch()
    {
        lock (_sync)
        {
            var batch = new List<Pending>(Math.Min(_queue.Count, maxBatch));
            while (batch.Count < maxBatch && _queue.TryDequeue(out var next))
            {
                batch.Add(next);
            }

            return batch;
        }
    }

    /// <summary>Called by whoever leads, once its own result is in: the longest waiter leads next.</summary>
    private void HandOver()
    {
        Pending? next;
        lock (_sync)
        {
            if (!_queue.TryPeek(out next))
            {
                _writing = false;
            }
        }

        next?.Wake();
    }

    private void Write(List<Pending> batch)
    {
        try
        {
            var results = writeBatch([.. batch.Select(p => p.Request)]);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Succeed(results[i]);
            }
        }
        catch (Exception e)
        {
            foreach (var item in batch)
            {
                item.Fail(e);
            }
        }
    }

    private sealed class Pending(TRequest request)
    {
        private readonly object _turn = new();
        private bool _woken;
        private TResult? _result;
        private Exception? _error;
        private volatile bool _finished;

        public TRequest Request { get; } = request;

        public bool Finished => _finished;

        public void WaitForTurn()
        {
            lock (_turn)
            {
                while (!_woken)
                {
                    Monitor.Wait(_turn);
                }
            }
        }

        public void Wake()
        {
            lock (_turn)
            {
                _woken = true;
                Monitor.Pulse(_turn);
            }
        }

        public void Succeed(TResult result)
        {
            _result = result;
            _finished = true;
            Wake();
        }

        public void Fail(Exception error)
        {
            _error = error;
            _finished = true;
            Wake();
        }

        public TResult Outcome()
        {
            if (_error is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_error);
            }

            return _result!;
        }
    }
}

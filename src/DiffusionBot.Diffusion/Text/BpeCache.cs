using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace DiffusionBot.Diffusion.Text;

/// <summary>
/// Word → ids, shared by every thread using one tokenizer. When it grows past its capacity it is
/// emptied: prompts reuse a small vocabulary, so refilling is cheaper than LRU bookkeeping.
/// </summary>
internal sealed class BpeCache
{
    private readonly ConcurrentDictionary<string, int[]> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly int _capacity;
    private int _count;

    public BpeCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Approximate under concurrent adds; never far above the capacity.</summary>
    public int Count => Volatile.Read(ref _count);

    public bool TryGet(ReadOnlySpan<char> word, [MaybeNullWhen(false)] out int[] ids) =>
        _bySpan.TryGetValue(word, out ids);

    public void Add(string word, int[] ids)
    {
        if (Interlocked.Increment(ref _count) > _capacity)
        {
            _entries.Clear();
            Volatile.Write(ref _count, 1);
        }

        _entries.TryAdd(word, ids);
    }
}

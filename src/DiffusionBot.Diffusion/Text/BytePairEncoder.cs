namespace DiffusionBot.Diffusion.Text;

/// <summary>
/// CLIP's byte-level BPE for one pre-tokenized word: byte-map it, mark the last symbol with
/// <c>&lt;/w&gt;</c>, apply the lowest-ranked merge until none applies, then look the symbols up.
/// </summary>
internal sealed class BytePairEncoder
{
    private const string EndOfWord = "</w>";
    private const int CacheCapacity = 16_384;

    private readonly IReadOnlyDictionary<string, int> _vocabulary;
    private readonly IReadOnlyDictionary<(string First, string Second), int> _mergeRanks;
    private readonly int _unknownId;
    private readonly BpeCache _cache = new(CacheCapacity);

    /// <param name="unknownId">
    /// The id for a symbol missing from the vocabulary; Hugging Face uses its unk token,
    /// <c>&lt;|endoftext|&gt;</c>, where openai's code would fail.
    /// </param>
    public BytePairEncoder(
        IReadOnlyDictionary<string, int> vocabulary,
        IReadOnlyDictionary<(string First, string Second), int> mergeRanks,
        int unknownId)
    {
        _vocabulary = vocabulary;
        _mergeRanks = mergeRanks;
        _unknownId = unknownId;
    }

    /// <summary>The ids of <paramref name="word"/>; the array is cached and must not be changed.</summary>
    public int[] EncodeWord(ReadOnlySpan<char> word)
    {
        if (_cache.TryGet(word, out var cached))
        {
            return cached;
        }

        var key = word.ToString();
        var symbols = Merge(ByteLevelAlphabet.Encode(word));
        var ids = new int[symbols.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = _vocabulary.TryGetValue(symbols[i], out var id) ? id : _unknownId;
        }

        _cache.Add(key, ids);
        return ids;
    }

    private List<string> Merge(string mapped)
    {
        var symbols = new List<string>(mapped.Length);
        for (var i = 0; i < mapped.Length - 1; i++)
        {
            symbols.Add(mapped[i].ToString());
        }

        symbols.Add(string.Concat(mapped.AsSpan(mapped.Length - 1), EndOfWord));

        while (symbols.Count > 1)
        {
            var at = FindBestPair(symbols);
            if (at < 0)
            {
                break;
            }

            MergeAll(symbols, symbols[at], symbols[at + 1], at);
        }

        return symbols;
    }

    /// <summary>Index of the first pair with the lowest merge rank, or -1 when no pair merges.</summary>
    private int FindBestPair(List<string> symbols)
    {
        var best = -1;
        var bestRank = int.MaxValue;
        for (var i = 0; i < symbols.Count - 1; i++)
        {
            if (_mergeRanks.TryGetValue((symbols[i], symbols[i + 1]), out var rank) && rank < bestRank)
            {
                best = i;
                bestRank = rank;
            }
        }

        return best;
    }

    /// <summary>Merges every occurrence of the pair left to right without overlap, as openai's loop does.</summary>
    private static void MergeAll(List<string> symbols, string first, string second, int start)
    {
        var merged = first + second;
        var write = start;
        var read = start;
        while (read < symbols.Count)
        {
            if (read < symbols.Count - 1 && symbols[read] == first && symbols[read + 1] == second)
            {
                symbols[write++] = merged;
                read += 2;
            }
            else
            {
                symbols[write++] = symbols[read++];
            }
        }

        symbols.RemoveRange(write, symbols.Count - write);
    }
}

using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Text;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Diffusion.Embeddings;

/// <summary>
/// Binds a model's embeddings to new tokens: each name gets fresh ids past the end of every text encoder's
/// token-embedding table, the encoders are opened with their tables extended by the embeddings' vectors, and
/// their tokenizers read the names as those ids. An embedding that lacks vectors for one of the model's encoders
/// (an SD 1.5 file on SDXL) is left out and logged, as A1111 skips it.
/// </summary>
internal sealed class EmbeddingBinding
{
    private readonly Dictionary<string, InitializerOverrides> _overridesByPath;
    private readonly Dictionary<string, IReadOnlyDictionary<string, int[]>> _wordsByEncoder;

    private EmbeddingBinding(IReadOnlyList<TextualInversion> bound, Dictionary<string, InitializerOverrides> overrides, Dictionary<string, IReadOnlyDictionary<string, int[]>> words)
    {
        Bound = bound;
        _overridesByPath = overrides;
        _wordsByEncoder = words;
    }

    public IReadOnlyList<TextualInversion> Bound { get; }

    /// <summary>Null when no embedding fits the model's encoders (nothing to override).</summary>
    public static EmbeddingBinding? Prepare(string folder, IReadOnlyList<(string Encoder, ClipTokenizer Tokenizer)> encoders, IReadOnlyList<TextualInversion> embeddings, ILogger logger)
    {
        if (embeddings.Count == 0 || encoders.Count == 0)
        {
            return null;
        }

        var tables = encoders.Select(e => (e.Encoder, Table: TokenEmbeddingTable.Find(Path.GetFullPath(Path.Combine(folder, e.Encoder, "model.onnx")), e.Tokenizer.VocabularySize))).ToList();
        var bound = new List<TextualInversion>();
        foreach (var embedding in embeddings)
        {
            if (tables.All(t => embedding.VectorsFor(t.Table.Width) is not null))
            {
                bound.Add(embedding);
            }
            else
            {
                logger.EmbeddingSkipped(embedding.Name, string.Join("/", embedding.Widths), string.Join("/", tables.Select(t => t.Table.Width)));
            }
        }

        if (bound.Count == 0)
        {
            return null;
        }

        var overrides = new Dictionary<string, InitializerOverrides>(StringComparer.Ordinal);
        var words = new Dictionary<string, IReadOnlyDictionary<string, int[]>>(StringComparer.Ordinal);
        foreach (var (encoder, table) in tables)
        {
            var rows = new List<float[]>();
            var ids = new Dictionary<string, int[]>(StringComparer.OrdinalIgnoreCase);
            foreach (var embedding in bound)
            {
                var vectors = embedding.VectorsFor(table.Width)!;
                ids[embedding.Name] = [.. Enumerable.Range(table.Rows + rows.Count, vectors.Count)];
                rows.AddRange(vectors);
            }

            overrides[table.ModelPath] = table.Extended(rows);
            words[encoder] = ids;
        }

        return new EmbeddingBinding(bound, overrides, words);
    }

    /// <summary>The tokenizer of <paramref name="encoder"/> reading the bound names as their new ids.</summary>
    public ClipTokenizer Tokenizer(string encoder, ClipTokenizer tokenizer) =>
        _wordsByEncoder.TryGetValue(encoder, out var words) ? tokenizer.WithAddedWords(words) : tokenizer;

    /// <summary>Opens the encoders with their extended tables; every other part as <paramref name="inner"/> does.</summary>
    public ISessionFactory Sessions(ISessionFactory inner) => new OverridingSessionFactory(inner, _overridesByPath);

    /// <summary>Frees the tables of encoders that were never opened (the model failed to load first).</summary>
    public void DisposeUnused()
    {
        foreach (var overrides in _overridesByPath.Values)
        {
            overrides.Dispose();
        }

        _overridesByPath.Clear();
    }
}

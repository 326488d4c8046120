using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using DiffusionBot.Diffusion.Models;

namespace DiffusionBot.Diffusion.Text;

/// <summary>
/// CLIP's byte-level BPE tokenizer, giving the same ids as openai's <c>simple_tokenizer</c> and
/// Hugging Face's <c>CLIPTokenizer</c> (ftfy aside, see <see cref="ClipTextCleaner"/>).
/// Safe to share between threads.
/// </summary>
public sealed partial class ClipTokenizer
{
    public const string VocabularyFile = "vocab.json";
    public const string MergesFile = "merges.txt";

    private const string StartOfText = "<|startoftext|>";
    private const string EndOfText = "<|endoftext|>";

    private readonly BytePairEncoder _encoder;

    private ClipTokenizer(BytePairEncoder encoder, int maxLength, int padId, int bosId, int eosId, int vocabularySize, AddedWords? addedWords = null)
    {
        _encoder = encoder;
        AddedWords = addedWords;
        MaxLength = maxLength;
        PadId = padId;
        BosId = bosId;
        EosId = eosId;
        VocabularySize = vocabularySize;
    }

    /// <summary>Length of every <see cref="Encode"/> result, BOS and EOS included.</summary>
    public int MaxLength { get; }

    public int PadId { get; }

    public int BosId { get; }

    public int EosId { get; }

    public int VocabularySize { get; }

    /// <summary>Words read as fixed ids (textual-inversion names); null when there are none.</summary>
    public AddedWords? AddedWords { get; }

    /// <summary>This tokenizer reading each of <paramref name="words"/> as its ids, wherever it stands as a whole word.</summary>
    public ClipTokenizer WithAddedWords(IReadOnlyDictionary<string, int[]> words) =>
        words.Count == 0 ? this : new ClipTokenizer(_encoder, MaxLength, PadId, BosId, EosId, VocabularySize, new AddedWords(words));

    /// <summary>
    /// Loads a Hugging Face tokenizer folder: <c>vocab.json</c> and <c>merges.txt</c>, plus the
    /// optional <c>tokenizer_config.json</c> and <c>special_tokens_map.json</c>.
    /// </summary>
    /// <exception cref="ModelFolderException">A required file is missing or a file is malformed.</exception>
    public static ClipTokenizer FromDirectory(string tokenizerDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenizerDir);
        var vocabularyPath = RequireFile(tokenizerDir, VocabularyFile);
        var mergesPath = RequireFile(tokenizerDir, MergesFile);
        var settings = TokenizerConfigReader.Read(tokenizerDir);

        Dictionary<string, int> vocabulary;
        using (var stream = File.OpenRead(vocabularyPath))
        {
            vocabulary = BpeFileReader.ReadVocabulary(stream, vocabularyPath);
        }

        using (var stream = File.OpenRead(mergesPath))
        {
            return Create(vocabulary, BpeFileReader.ReadMerges(stream, mergesPath), settings, vocabularyPath);
        }
    }

    /// <summary>Builds a tokenizer from the two files' contents, for example embedded resources.</summary>
    /// <exception cref="ModelFolderException">A stream is malformed or lacks a required token.</exception>
    public static ClipTokenizer FromStreams(Stream vocabularyJson, Stream merges, TokenizerSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(vocabularyJson);
        ArgumentNullException.ThrowIfNull(merges);
        var vocabulary = BpeFileReader.ReadVocabulary(vocabularyJson, VocabularyFile);
        return Create(vocabulary, BpeFileReader.ReadMerges(merges, MergesFile), settings ?? TokenizerSettings.Default, VocabularyFile);
    }

    /// <summary>BOS, the prompt's ids, EOS; neither truncated nor padded.</summary>
    public IReadOnlyList<int> Tokenize(string text)
    {
        var ids = new List<int> { BosId };
        AppendPromptIds(text, ids);
        ids.Add(EosId);
        return ids.ToArray();
    }

    /// <summary>The ids of <paramref name="text"/> alone: no BOS, EOS or padding, nothing cut.</summary>
    public IReadOnlyList<int> PromptIds(string text)
    {
        var ids = new List<int>();
        AppendPromptIds(text, ids);
        return ids;
    }

    /// <summary>
    /// The text encoder's input: BOS, as many prompt ids as fit, EOS, then <see cref="PadId"/>
    /// up to <see cref="MaxLength"/>.
    /// </summary>
    public TokenizedPrompt Encode(string text)
    {
        var prompt = new List<int>();
        AppendPromptIds(text, prompt);

        var kept = Math.Min(prompt.Count, MaxLength - 2);
        var ids = new int[MaxLength];
        ids[0] = BosId;
        CollectionsMarshal.AsSpan(prompt)[..kept].CopyTo(ids.AsSpan(1));
        ids[kept + 1] = EosId;
        ids.AsSpan(kept + 2).Fill(PadId);
        return new TokenizedPrompt(ids, prompt.Count - kept);
    }

    private void AppendPromptIds(string text, List<int> ids)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cleaned = ClipTextCleaner.Clean(text);
        if (AddedWords is null)
        {
            AppendCleanedIds(cleaned, ids);
            return;
        }

        var start = 0;
        foreach (Match word in AddedWords.Pattern.Matches(cleaned))
        {
            AppendCleanedIds(cleaned[start..word.Index], ids);
            ids.AddRange(AddedWords.IdsOf(word.Value));
            start = word.Index + word.Length;
        }

        AppendCleanedIds(cleaned[start..], ids);
    }

    private void AppendCleanedIds(string cleaned, List<int> ids)
    {
        foreach (var match in PreTokenizer().EnumerateMatches(cleaned))
        {
            var word = cleaned.AsSpan(match.Index, match.Length);
            if (word.SequenceEqual(StartOfText))
            {
                ids.Add(BosId);
            }
            else if (word.SequenceEqual(EndOfText))
            {
                ids.Add(EosId);
            }
            else
            {
                ids.AddRange(_encoder.EncodeWord(word));
            }
        }
    }

    private static ClipTokenizer Create(
        Dictionary<string, int> vocabulary,
        Dictionary<(string First, string Second), int> mergeRanks,
        TokenizerSettings settings,
        string vocabularyFile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxLength, 2, nameof(settings));
        var bosId = RequireToken(vocabulary, StartOfText, vocabularyFile);
        var eosId = RequireToken(vocabulary, EndOfText, vocabularyFile);
        var padId = RequireToken(vocabulary, settings.PadToken, vocabularyFile);
        var encoder = new BytePairEncoder(vocabulary, mergeRanks, unknownId: eosId);
        return new ClipTokenizer(encoder, settings.MaxLength, padId, bosId, eosId, vocabulary.Count);
    }

    private static string RequireFile(string tokenizerDir, string name)
    {
        var path = Path.Combine(tokenizerDir, name);
        return File.Exists(path) ? path : throw new ModelFolderException(path, $"{name} is missing");
    }

    private static int RequireToken(Dictionary<string, int> vocabulary, string token, string vocabularyFile) =>
        vocabulary.TryGetValue(token, out var id)
            ? id
            : throw new ModelFolderException(vocabularyFile, $"{Path.GetFileName(vocabularyFile)} has no '{token}' token");

    [GeneratedRegex(
        @"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PreTokenizer();
}

using System.Text.Json;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>The CLIP BPE vocabulary embedded in this assembly (see Vocabulary/NOTICE).</summary>
internal static class ClipVocabulary
{
    public const int Size = 49408;
    public const int StartOfText = 49406;
    public const int EndOfText = 49407;
    public const string VocabFile = "vocab.json";
    public const string MergesFile = "merges.txt";

    private const string ResourcePrefix = "DiffusionBot.Diffusion.Forge.Vocabulary.";

    private static readonly Lazy<Dictionary<string, int>> Ids = new(LoadIds);

    public static Stream Open(string fileName) =>
        typeof(ClipVocabulary).Assembly.GetManifestResourceStream(ResourcePrefix + fileName)
        ?? throw new InvalidOperationException($"Embedded resource {ResourcePrefix}{fileName} is missing.");

    /// <summary>The id of a whole word that the BPE keeps as one token, e.g. "red" → 736.</summary>
    public static int IdOfWord(string word) =>
        Ids.Value.TryGetValue(word + "</w>", out var id)
            ? id
            : throw new ArgumentException($"'{word}' is not a single token of the CLIP vocabulary.", nameof(word));

    private static Dictionary<string, int> LoadIds()
    {
        using var stream = Open(VocabFile);
        return JsonSerializer.Deserialize(stream, ForgeJsonContext.Default.DictionaryStringInt32)
            ?? throw new InvalidOperationException("The embedded vocab.json is empty.");
    }
}

using System.Text;
using System.Text.Json;
using DiffusionBot.Diffusion.Models;

namespace DiffusionBot.Diffusion.Text;

/// <summary>Reads the Hugging Face <c>vocab.json</c> and <c>merges.txt</c> of a BPE tokenizer.</summary>
internal static class BpeFileReader
{
    private const string VersionPrefix = "#version";

    /// <param name="file">Path or name reported in a <see cref="ModelFolderException"/>.</param>
    public static Dictionary<string, int> ReadVocabulary(Stream stream, string file)
    {
        var problem = $"{Path.GetFileName(file)} is not a JSON object of token → id";
        try
        {
            using var document = JsonDocument.Parse(stream);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ModelFolderException(file, problem);
            }

            var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0)
                {
                    throw new ModelFolderException(file, $"{problem} ('{entry.Name}' has no valid id)");
                }

                vocabulary[entry.Name] = id;
            }

            return vocabulary;
        }
        catch (JsonException e)
        {
            throw new ModelFolderException(file, problem, e);
        }
    }

    /// <summary>Merge pairs ranked by line order, the <c>#version</c> header skipped.</summary>
    /// <param name="file">Path or name reported in a <see cref="ModelFolderException"/>.</param>
    public static Dictionary<(string First, string Second), int> ReadMerges(Stream stream, string file)
    {
        var ranks = new Dictionary<(string First, string Second), int>();
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var lineNumber = 0;
        var rank = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith(VersionPrefix, StringComparison.Ordinal)))
            {
                continue;
            }

            var parts = line.Split(' ');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new ModelFolderException(
                    file, $"{Path.GetFileName(file)} line {lineNumber} is not two symbols separated by a space");
            }

            // Later duplicates win, as with Python's dict(zip(merges, range(...))).
            ranks[(parts[0], parts[1])] = rank++;
        }

        if (ranks.Count == 0)
        {
            throw new ModelFolderException(file, $"{Path.GetFileName(file)} has no merges");
        }

        return ranks;
    }
}

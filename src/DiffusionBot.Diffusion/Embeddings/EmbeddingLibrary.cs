using DiffusionBot.Diffusion.Lora;

namespace DiffusionBot.Diffusion.Embeddings;

/// <summary>
/// The textual-inversion embeddings a model can use: files in the global <c>embeddings/</c> folder and in the model's
/// own (the model's wins on a shared name), read when the model loads, as A1111 reads its embeddings folder.
/// </summary>
public sealed class EmbeddingLibrary(string? globalFolder)
{
    public const string FolderName = "embeddings";

    /// <summary>The embeddings that read, and, by name, the one-line reason each of the others was refused.</summary>
    public (IReadOnlyList<TextualInversion> Loaded, IReadOnlyDictionary<string, string> Refused) Load(string modelFolder)
    {
        var loaded = new Dictionary<string, TextualInversion>(StringComparer.OrdinalIgnoreCase);
        var refused = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in Files(modelFolder))
        {
            try
            {
                var embedding = TextualInversion.Read(file);
                loaded[embedding.Name] = embedding;
                refused.Remove(embedding.Name);
            }
            catch (LoraException e)
            {
                var name = Path.GetFileNameWithoutExtension(file);
                refused[name] = e.Message;
                loaded.Remove(name);
            }
        }

        return ([.. loaded.Values.OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)], refused);
    }

    /// <summary>The names of the embeddings that read for the model in <paramref name="modelFolder"/>, sorted.</summary>
    public IReadOnlyList<string> Names(string modelFolder) => [.. Load(modelFolder).Loaded.Select(e => e.Name)];

    /// <summary>Safetensors files and pickles (so that a prompt naming a pickle is told why it is refused), global folder first.</summary>
    private IEnumerable<string> Files(string modelFolder)
    {
        foreach (var folder in new[] { globalFolder, Path.Combine(modelFolder, FolderName) })
        {
            if (folder is null || !Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                if (Path.GetExtension(file).ToLowerInvariant() is SafetensorsFile.Extension or ".pt" or ".pth" or ".ckpt" or ".bin")
                {
                    yield return file;
                }
            }
        }
    }
}

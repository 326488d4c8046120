namespace DiffusionBot.Diffusion.Lora;

/// <summary>
/// The LoRA files a model can use: <c>*.safetensors</c> in the model's own <c>loras/</c> folder and in
/// the global one (the model's wins on a shared name), named by file name. Users give names only;
/// a name is looked up in these listings, never joined onto a path.
/// </summary>
public sealed class LoraLibrary(string globalFolder)
{
    public const string FolderName = "loras";

    /// <summary>Name → file, for the model in <paramref name="modelFolder"/>.</summary>
    public IReadOnlyDictionary<string, string> Available(string modelFolder)
    {
        var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var folder in new[] { globalFolder, Path.Combine(modelFolder, FolderName) })
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder))
            {
                if (IsLoraFile(file))
                {
                    files[Path.GetFileNameWithoutExtension(file)] = file;
                }
            }
        }

        return files;
    }

    /// <summary>The sorted names available to the model in <paramref name="modelFolder"/>.</summary>
    public IReadOnlyList<string> Names(string modelFolder) => [.. Available(modelFolder).Keys.Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Reads the requested LoRAs; a polite one-line error for an unknown name or a refused file.</summary>
    public IReadOnlyList<LoraWeight> Load(string modelFolder, IReadOnlyList<LoraSpec> loras, int maxPerRequest)
    {
        if (loras.Count > maxPerRequest)
        {
            throw new LoraException($"At most {maxPerRequest} LoRAs per request (asked for {loras.Count}).");
        }

        var available = Available(modelFolder);
        var loaded = new List<LoraWeight>();
        foreach (var spec in loras)
        {
            if (!available.TryGetValue(spec.Name, out var path))
            {
                throw new LoraException(available.Count == 0
                    ? $"There is no LoRA named '{spec.Name}'; this model has none."
                    : $"There is no LoRA named '{spec.Name}'; available: {string.Join(", ", available.Keys.Order(StringComparer.OrdinalIgnoreCase))}.");
            }

            loaded.Add(new LoraWeight(LoraFile.Read(path), spec.Weight));
        }

        return loaded;
    }

    /// <summary>Safetensors files, and pickles too, so that asking for one explains why it is refused.</summary>
    private static bool IsLoraFile(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is SafetensorsFile.Extension or ".pt" or ".pth" or ".ckpt" or ".bin";
}

using DiffusionBot.Diffusion.Lora;

namespace DiffusionBot.Diffusion.Embeddings;

/// <summary>
/// A textual-inversion embedding: the vectors a name in a prompt stands for, one set per text-encoder width
/// (SDXL files carry <c>clip_l</c> and <c>clip_g</c>; SD 1.x and 2.x files one set).
/// </summary>
public sealed class TextualInversion
{
    private readonly Dictionary<int, float[][]> _vectorsByWidth;

    private TextualInversion(string name, string path, string shortHash, Dictionary<int, float[][]> vectorsByWidth)
    {
        Name = name;
        Path = path;
        ShortHash = shortHash;
        _vectorsByWidth = vectorsByWidth;
    }

    /// <summary>What a prompt writes: the file name for A1111's layouts, the stored token for diffusers' (<c>&lt;cat-toy&gt;</c>).</summary>
    public string Name { get; }

    public string Path { get; }

    /// <summary>What A1111 writes in <c>TI hashes</c>: the first 12 hex digits of the file's SHA-256.</summary>
    public string ShortHash { get; }

    /// <summary>The widths this embedding has vectors for (768 for CLIP ViT-L, 1024 for OpenCLIP ViT-H, 1280 for bigG).</summary>
    public IReadOnlyCollection<int> Widths => _vectorsByWidth.Keys;

    /// <summary>The vectors for an encoder whose token embeddings are <paramref name="width"/> wide; null when the file has none.</summary>
    public IReadOnlyList<float[]>? VectorsFor(int width) => _vectorsByWidth.GetValueOrDefault(width);

    /// <summary>
    /// Reads a <c>.safetensors</c> embedding in A1111's layouts (<c>emb_params</c>, <c>string_to_param.*</c>, SDXL's
    /// <c>clip_l</c>/<c>clip_g</c>) or diffusers' (one tensor named by its token); a one-line <see cref="LoraException"/>
    /// for a pickle or anything else.
    /// </summary>
    public static TextualInversion Read(string path)
    {
        var file = System.IO.Path.GetFileName(path);
        var tensors = SafetensorsFile.Read(path);
        var name = System.IO.Path.GetFileNameWithoutExtension(path);
        IEnumerable<SafetensorsTensor> sets;
        if (tensors.ContainsKey("clip_l") || tensors.ContainsKey("clip_g"))
        {
            sets = tensors.Where(t => t.Key is "clip_l" or "clip_g").Select(t => t.Value);
        }
        else if (tensors.TryGetValue("emb_params", out var embParams))
        {
            sets = [embParams];
        }
        else if (tensors.Values.FirstOrDefault(t => t.Name.StartsWith("string_to_param.", StringComparison.Ordinal)) is { } stringToParam)
        {
            sets = [stringToParam];
        }
        else if (tensors.Count == 1)
        {
            var only = tensors.Values.Single();
            name = only.Name;
            sets = [only];
        }
        else
        {
            throw new LoraException($"{file} is not a textual-inversion embedding (no emb_params, string_to_param, clip_l/clip_g, or single token tensor).");
        }

        var byWidth = new Dictionary<int, float[][]>();
        foreach (var tensor in sets)
        {
            var (count, width) = tensor.Shape switch
            {
                [var w] => (1L, w),
                [var n, var w] => (n, w),
                _ => throw new LoraException($"{file}: tensor '{tensor.Name}' has shape [{string.Join(", ", tensor.Shape)}]; an embedding is [vectors, width]."),
            };
            if (count is < 1 or > 75 || width is < 1 or > 4096)
            {
                throw new LoraException($"{file}: tensor '{tensor.Name}' has {count} vectors of width {width}; an embedding has 1–75 vectors.");
            }

            if (tensor.Values.Any(v => !float.IsFinite(v)))
            {
                throw new LoraException($"{file}: tensor '{tensor.Name}' holds NaN or infinite values.");
            }

            byWidth[(int)width] = [.. Enumerable.Range(0, (int)count).Select(i => tensor.Values.AsSpan(i * (int)width, (int)width).ToArray())];
        }

        if (byWidth.Values.Select(v => v.Length).Distinct().Count() > 1)
        {
            throw new LoraException($"{file}: clip_l and clip_g hold different numbers of vectors.");
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)))[..12];
        return new TextualInversion(name, path, hash, byWidth);
    }
}

using DiffusionBot.Diffusion.Embeddings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// The model folders under <see cref="EngineOptions.ModelsPath"/>: a folder is a model when it
/// holds <c>model_index.json</c>. Each model is opened once, on first use, and kept.
/// </summary>
public sealed class ModelCatalog : IDisposable
{
    private readonly string _root;
    private readonly ISessionFactory _sessions;
    private readonly ILogger _logger;
    private readonly Dictionary<string, StableDiffusionModel> _open = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public ModelCatalog(string root, ISessionFactory sessions, ILogger? logger = null, string? embeddingsPath = null)
    {
        _root = root;
        Embeddings = new EmbeddingLibrary(embeddingsPath);
        _sessions = sessions;
        _logger = logger ?? NullLogger.Instance;
    }

    public string Root => _root;

    /// <summary>The textual-inversion embeddings bound into each model as it opens.</summary>
    public EmbeddingLibrary Embeddings { get; }

    /// <summary>Names of the model folders, sorted.</summary>
    public IReadOnlyList<string> Names() => NamesIn(_root);

    /// <summary>The model folder names under <paramref name="root"/>, without opening anything.</summary>
    public static IReadOnlyList<string> NamesIn(string root) => Directory.Exists(root)
        ? Directory.EnumerateDirectories(root)
            .Where(d => File.Exists(Path.Combine(d, "model_index.json")))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList()
        : [];

    public StableDiffusionModel Open(string name)
    {
        lock (_gate)
        {
            if (_open.TryGetValue(name, out var model))
            {
                return model;
            }

            model = Load(name);
            _open[name] = model;
            return model;
        }
    }

    /// <summary>Opens a fresh, uncached instance of the model; the caller owns and disposes it (see <c>ResidentModels</c>).</summary>
    public StableDiffusionModel Load(string name) => StableDiffusionModel.Open(FolderOf(name), _sessions, _logger, Embeddings);

    /// <summary>The folder of model <paramref name="name"/>; a polite error naming the available models otherwise.</summary>
    public string FolderOf(string name)
    {
        if (name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name is "." or ".." || !Names().Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            var known = Names();
            throw new ModelFolderException(Path.Combine(_root, name), known.Count == 0
                ? "no such model; the models folder holds none."
                : $"no such model; available: {string.Join(", ", known)}.");
        }

        return Path.Combine(_root, name);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var model in _open.Values)
            {
                model.Dispose();
            }

            _open.Clear();
        }
    }
}

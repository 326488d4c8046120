using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Models;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Chat.Jobs;

/// <summary>Model names from the folders under <see cref="EngineOptions.ModelsPath"/>.</summary>
internal sealed class ModelFolderNames(IOptions<EngineOptions> options) : IModelNames
{
    public IReadOnlyList<string> Names() => ModelCatalog.NamesIn(options.Value.ModelsPath);

    public bool Contains(string name) => Names().Contains(name, StringComparer.OrdinalIgnoreCase);

    public ModelDefaults Defaults(string name) =>
        Contains(name) ? ModelDefaults.Read(Path.Combine(options.Value.ModelsPath, name)) : ModelDefaults.None;
}

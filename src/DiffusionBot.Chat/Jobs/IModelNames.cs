using DiffusionBot.Diffusion.Models;

namespace DiffusionBot.Chat.Jobs;

/// <summary>The models a request may name; chat processes check names without opening any model.</summary>
public interface IModelNames
{
    IReadOnlyList<string> Names();

    bool Contains(string name);

    /// <summary>The settings <paramref name="name"/> runs with when a request leaves them out; read from its folder, opening nothing.</summary>
    ModelDefaults Defaults(string name);
}

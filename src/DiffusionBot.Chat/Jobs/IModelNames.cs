namespace DiffusionBot.Chat.Jobs;

/// <summary>The models a request may name; chat processes check names without opening any model.</summary>
public interface IModelNames
{
    IReadOnlyList<string> Names();

    bool Contains(string name);
}

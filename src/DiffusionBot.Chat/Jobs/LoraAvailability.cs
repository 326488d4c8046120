using DiffusionBot.Chat.Prompts;
using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Lora;

namespace DiffusionBot.Chat.Jobs;

/// <summary>The LoRA names a model can use, read from the folders without opening anything, so chat processes can refuse early.</summary>
internal static class LoraAvailability
{
    public static IReadOnlyList<string> Names(EngineOptions options, string model) =>
        new LoraLibrary(options.LorasPath).Names(Path.Combine(options.ModelsPath, model));

    /// <summary>A polite refusal naming the first unknown LoRA and the available ones, or null when all are known.</summary>
    public static string? Refusal(PromptSpec spec, EngineOptions options, string model)
    {
        if (spec.Loras is not { Count: > 0 } loras)
        {
            return null;
        }

        var names = Names(options, model);
        var unknown = loras.FirstOrDefault(l => !names.Contains(l.Name, StringComparer.OrdinalIgnoreCase));
        return unknown is null
            ? null
            : names.Count == 0
                ? $"Sorry, there is no LoRA called '{unknown.Name}'; this bot has none for {model}."
                : $"Sorry, there is no LoRA called '{unknown.Name}'; available: {string.Join(", ", names)}.";
    }
}

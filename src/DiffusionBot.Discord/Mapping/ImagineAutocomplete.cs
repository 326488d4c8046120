using System.Text.Json;
using System.Text.RegularExpressions;
using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Embeddings;
using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Discord.Wire;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord.Mapping;

/// <summary>
/// Suggestions for <c>/imagine</c>'s autocomplete options, read from the folders without opening a model: model
/// names, LoRA names, and in the prompt and negative prompt the last word completed to an embedding name (or a
/// <c>&lt;lora:</c> tag to a LoRA). Discord caps an answer at 25 choices whose names and values are 1–100 characters
/// (docs/interactions/application-commands, "Application Command Option Choice Structure"), so a completion of a
/// longer text is not offered.
/// </summary>
internal sealed partial class ImagineAutocomplete(IOptions<EngineOptions> engine)
{
    public const int MaxChoices = 25;
    public const int MaxChoiceLength = 100;

    public IReadOnlyList<ApplicationCommandChoice> Suggest(InteractionData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var options = data.Options ?? [];
        if (options.FirstOrDefault(o => o.Focused == true) is not { } focused)
        {
            return [];
        }

        var typed = TextOf(focused) ?? "";
        var settings = engine.Value;
        var models = ModelCatalog.NamesIn(settings.ModelsPath);
        var asked = TextOf(options.FirstOrDefault(o => o.Name == "model")) is { Length: > 0 } named && focused.Name != "model" ? named : settings.DefaultModel;
        var folder = models.FirstOrDefault(n => string.Equals(n, asked, StringComparison.OrdinalIgnoreCase)) is { } model
            ? Path.Combine(settings.ModelsPath, model)
            : null;
        var values = focused.Name switch
        {
            "model" => models.Where(n => n.Contains(typed, StringComparison.OrdinalIgnoreCase)),
            "lora" => LoraChoices(typed, Loras(folder)),
            "prompt" => CompleteLastWord(typed, Embeddings(folder), Loras(folder), offerAllWhenEmpty: false),
            "negative" => CompleteLastWord(typed, Embeddings(folder), Loras(folder), offerAllWhenEmpty: true),
            _ => [],
        };
        return [.. values
            .Where(v => v.Length is > 0 and <= MaxChoiceLength)
            .Distinct(StringComparer.Ordinal)
            .Take(MaxChoices)
            .Select(v => new ApplicationCommandChoice(v, JsonSerializer.SerializeToElement(v, DiscordJsonContext.Default.String)))];
    }

    /// <summary>LoRA names containing what was typed before any <c>:weight</c>, which is kept.</summary>
    internal static IEnumerable<string> LoraChoices(string typed, IReadOnlyList<string> loras)
    {
        var colon = typed.IndexOf(':', StringComparison.Ordinal);
        var (name, weight) = colon < 0 ? (typed, "") : (typed[..colon], typed[colon..]);
        return loras.Where(l => l.Contains(name.Trim(), StringComparison.OrdinalIgnoreCase)).Select(l => l + weight);
    }

    /// <summary>
    /// The text with its last word completed: to each embedding name it begins, or after <c>&lt;lora:</c> to each LoRA
    /// tag; with nothing typed after the last separator, every embedding when <paramref name="offerAllWhenEmpty"/>.
    /// </summary>
    internal static IEnumerable<string> CompleteLastWord(string text, IReadOnlyList<string> embeddings, IReadOnlyList<string> loras, bool offerAllWhenEmpty)
    {
        var word = LastWord().Match(text);
        var head = text[..word.Index];
        const string LoraTag = "<lora:";
        if (word.Value.StartsWith(LoraTag, StringComparison.OrdinalIgnoreCase))
        {
            var part = word.Value[LoraTag.Length..];
            return loras.Where(l => l.StartsWith(part, StringComparison.OrdinalIgnoreCase)).Select(l => $"{head}<lora:{l}:1>");
        }

        if (word.Length == 0)
        {
            return offerAllWhenEmpty ? embeddings.Select(e => head + e) : [];
        }

        return embeddings.Where(e => e.StartsWith(word.Value, StringComparison.OrdinalIgnoreCase)).Select(e => head + e);
    }

    private IReadOnlyList<string> Loras(string? folder) => folder is null ? [] : new LoraLibrary(engine.Value.LorasPath).Names(folder);

    private IReadOnlyList<string> Embeddings(string? folder) => folder is null ? [] : new EmbeddingLibrary(engine.Value.EmbeddingsPath).Names(folder);

    private static string? TextOf(InteractionOption? option) =>
        option is { Value.ValueKind: JsonValueKind.String } ? option.Value.GetString() : null;

    [GeneratedRegex(@"[^\s,()\[\]]*$")]
    private static partial Regex LastWord();
}

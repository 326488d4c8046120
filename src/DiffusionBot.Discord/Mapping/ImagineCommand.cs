using System.Globalization;
using System.Text.Json;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Schedulers;
using DiffusionBot.Discord.Wire;

namespace DiffusionBot.Discord.Mapping;

/// <summary>
/// The <c>/imagine</c> slash command: its definition for bulk overwrite, and the reading of an invocation into a
/// <see cref="PromptSpec"/>. Flags typed in the prompt work too; an option overrides the same flag.
/// </summary>
internal sealed class ImagineCommand(PromptFlagParser prompts)
{
    public const string Name = "imagine";

    private const int String = 3;
    private const int Integer = 4;
    private const int Number = 10;
    private const int Attachment = 11;

    private static readonly string[] Ratios = ["1:1", "3:2", "2:3", "4:3", "3:4", "16:9", "9:16"];

    public static ApplicationCommand Definition(EngineOptions engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return new ApplicationCommand
        {
            Name = Name,
            Description = "Paint a picture from a description (flags like --ar 16:9 work in the prompt too)",
            Contexts = [0, 1],
            Options =
            [
                new() { Type = String, Name = "prompt", Description = "What to paint", Required = true, MaxLength = 1500, Autocomplete = true },
                new() { Type = String, Name = "negative", Description = "What to avoid (embedding names complete as you type)", MaxLength = 500, Autocomplete = true },
                new() { Type = Integer, Name = "seed", Description = "Seed for a repeatable picture", MinValue = 0, MaxValue = uint.MaxValue },
                new() { Type = Integer, Name = "steps", Description = "Denoising steps", MinValue = 1, MaxValue = engine.MaxSteps },
                new() { Type = Number, Name = "guidance", Description = "How closely to follow the prompt (CFG scale)", MinValue = 0, MaxValue = 30 },
                new() { Type = String, Name = "aspect", Description = "Aspect ratio", Choices = [.. Ratios.Select(r => Choice(r, r))] },
                new() { Type = Integer, Name = "count", Description = "How many images", MinValue = 1, MaxValue = engine.MaxImages },
                new() { Type = String, Name = "sampler", Description = "Sampler", Choices = [.. SchedulerFactory.Names.Select(n => Choice(n, n))] },
                new() { Type = String, Name = "model", Description = "Model folder name", MaxLength = 100, Autocomplete = true },
                new() { Type = String, Name = "lora", Description = "A LoRA to apply, as name or name:weight", MaxLength = 100, Autocomplete = true },
                new() { Type = Attachment, Name = "image", Description = "A PNG, JPEG or WebP to start from (image to image)" },
                new() { Type = Number, Name = "strength", Description = "How much of the image to repaint", MinValue = 0.01, MaxValue = 1 },
            ],
        };
    }

    /// <summary>The spec and the attached init image, if any.</summary>
    /// <exception cref="PromptFlagException">A bad flag or value; the message is shown to the user.</exception>
    public (PromptSpec Spec, DiscordAttachment? Image) Read(InteractionData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var options = (data.Options ?? []).ToDictionary(o => o.Name, o => o.Value, StringComparer.Ordinal);
        var spec = prompts.Parse(Text(options, "prompt") ?? "");
        if (Text(options, "negative") is { Length: > 0 } negative)
        {
            spec = spec with { NegativePrompt = negative };
        }

        if (Text(options, "aspect") is { Length: > 0 } aspect)
        {
            var sized = prompts.Parse("x --ar " + aspect);
            spec = spec with { Width = sized.Width, Height = sized.Height, AspectRatio = sized.AspectRatio };
        }

        spec = spec with
        {
            Seed = Whole(options, "seed") ?? spec.Seed,
            Steps = (int?)Whole(options, "steps") ?? spec.Steps,
            Guidance = Real(options, "guidance") ?? spec.Guidance,
            Count = (int?)Whole(options, "count") ?? spec.Count,
            Sampler = Text(options, "sampler")?.ToLowerInvariant() ?? spec.Sampler,
            Model = Text(options, "model") ?? spec.Model,
            Strength = Real(options, "strength") ?? spec.Strength,
        };
        if (Text(options, "lora") is { Length: > 0 } lora)
        {
            var named = prompts.Parse("x --lora " + lora).Loras ?? [];
            spec = spec with { Loras = [.. spec.Loras ?? [], .. named] };
        }

        prompts.Validate(spec);

        DiscordAttachment? image = null;
        if (Text(options, "image") is { } attachmentId)
        {
            image = data.Resolved?.Attachments?.GetValueOrDefault(attachmentId)
                ?? throw new PromptFlagException("The attached image did not come through; please attach it again.");
        }

        return (spec, image);
    }

    private static ApplicationCommandChoice Choice(string name, string value) => new(name, JsonSerializer.SerializeToElement(value, DiscordJsonContext.Default.String));

    private static string? Text(Dictionary<string, JsonElement> options, string name) =>
        options.TryGetValue(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;

    private static long? Whole(Dictionary<string, JsonElement> options, string name) =>
        options.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number
        : options.TryGetValue(name, out value) ? throw new PromptFlagException($"{name} needs a whole number.") : null;

    private static float? Real(Dictionary<string, JsonElement> options, string name) =>
        options.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number ? (float)value.GetDouble()
        : options.TryGetValue(name, out value) ? throw new PromptFlagException(string.Create(CultureInfo.InvariantCulture, $"{name} needs a number.")) : null;
}

using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Chat.Quotas;

namespace DiffusionBot.Playground;

/// <summary>Turns what the local user typed into a command, the way a platform's slash commands do.</summary>
internal sealed class ChatCommandReader(PromptFlagParser prompts)
{
    /// <summary>The line shown for anything that is not a command.</summary>
    public const string Help = "I answer /imagine <description> [--flags], /info, /cancel and /quota [show|set|off|clear] — try /imagine a red fox --n 2.";

    /// <summary>The command in <paramref name="text"/>, or null when it is none (answer with <see cref="Help"/>).</summary>
    /// <exception cref="PromptFlagException">An <c>/imagine</c> with a bad flag or no description.</exception>
    /// <exception cref="QuotaException">A <c>/quota</c> with a bad word or number.</exception>
    public Command? Read(string text, CommandOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var space = trimmed.IndexOfAny([' ', '\t', '\n']);
        var name = (space < 0 ? trimmed : trimmed[..space]).ToLowerInvariant();
        var rest = space < 0 ? "" : trimmed[(space + 1)..].Trim();
        return name switch
        {
            "/imagine" => new Imagine(origin, prompts.Parse(rest)),
            "/info" => new Info(origin),
            "/cancel" => new Cancel(origin, rest.Length > 0 ? rest : null),
            "/quota" => QuotaTextParser.Parse(rest, origin),
            _ => null,
        };
    }

    /// <summary>The prompt of an image-to-image upload; a leading <c>/imagine</c> is allowed and dropped.</summary>
    /// <exception cref="PromptFlagException">A bad flag or value, or no description.</exception>
    public PromptSpec ReadPrompt(string? text, float? strength)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.StartsWith("/imagine", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed["/imagine".Length..].Trim();
        }

        var spec = prompts.Parse(trimmed);
        if (strength is { } value && spec.Strength is null)
        {
            spec = spec with { Strength = value };
            prompts.Validate(spec);
        }

        return spec;
    }
}

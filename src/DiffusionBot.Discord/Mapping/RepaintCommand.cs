using DiffusionBot.Chat.Prompts;
using DiffusionBot.Discord.Wire;

namespace DiffusionBot.Discord.Mapping;

/// <summary>
/// The "Repaint with DiffusionBot" message command: right-click (or long-press) a message with an image → Apps. It runs
/// image to image on the message's first image, with the message's text as the prompt. It needs no privileged intent:
/// the interaction carries the target message whole in <c>data.resolved.messages</c>, which is what makes it the way to
/// repaint an image when a plain reply would reach the bot empty (no Message Content intent, no mention).
/// </summary>
internal static class RepaintCommand
{
    /// <summary>Shown in the Apps menu; message commands may use spaces and capitals (at most 32 characters).</summary>
    public const string Name = "Repaint with DiffusionBot";

    /// <summary>Application command type 3: MESSAGE.</summary>
    public const int MessageCommand = 3;

    /// <summary>Message commands have no description: Discord requires an empty one.</summary>
    public static ApplicationCommand Definition() => new() { Name = Name, Description = "", Type = MessageCommand, Contexts = [0, 1] };

    /// <summary>The target message's text (without mentions of the bot) and its first image.</summary>
    /// <exception cref="PromptFlagException">The target has no image, or no text to use as the prompt; the message says what to do.</exception>
    public static (string Prompt, DiscordAttachment Image) Read(InteractionData data, ulong botUserId)
    {
        ArgumentNullException.ThrowIfNull(data);
        var target = data.TargetId is { } id ? data.Resolved?.Messages?.GetValueOrDefault(id.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        if (target?.Attachments?.FirstOrDefault(DiscordEventHandler.IsImage) is not { } image)
        {
            throw new PromptFlagException("That message has no image to repaint; use it on a message with a PNG, JPEG or WebP attached.");
        }

        var prompt = DiscordEventHandler.PromptText(target.Content, botUserId);
        return prompt.Length > 0
            ? (prompt, image)
            : throw new PromptFlagException("That message has no text to use as the prompt; reply to the image mentioning me with what it should become, and attach it.");
    }
}

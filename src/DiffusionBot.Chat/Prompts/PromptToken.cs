namespace DiffusionBot.Chat.Prompts;

/// <summary>One whitespace-separated word of a prompt, as offsets into the text.</summary>
/// <param name="Start">The first character.</param>
/// <param name="End">One past the last character.</param>
/// <param name="FlagName">The flag's name without its dashes (<c>seed</c> for <c>--seed=42</c>); null for a plain word.</param>
/// <param name="InlineValueStart">Where a value after <c>=</c> starts inside the word; -1 when there is no <c>=</c>.</param>
internal readonly record struct PromptToken(int Start, int End, string? FlagName, int InlineValueStart)
{
    public bool IsFlag => FlagName is not null;

    public bool HasInlineValue => InlineValueStart >= 0 && InlineValueStart < End;
}

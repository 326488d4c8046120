namespace DiffusionBot.Chat.Prompts;

/// <summary>One word of a prompt, or one quoted value, as offsets into the text.</summary>
/// <param name="Start">The first character (an opening quote included).</param>
/// <param name="End">One past the last character (a closing quote included).</param>
/// <param name="FlagName">The flag's name without its dashes (<c>seed</c> for <c>--seed=42</c>); null for a plain word.</param>
/// <param name="ValueStart">Where the word's value starts: inside the quotes of a quoted word, after the <c>=</c> of a
/// flag (-1 when a flag has no <c>=</c>), else <paramref name="Start"/>.</param>
/// <param name="ValueEnd">One past the value's last character: before a closing quote, else <paramref name="End"/>.</param>
/// <param name="Quoted">The value was written in quotes, so it may hold spaces and never counts as a flag.</param>
internal readonly record struct PromptToken(int Start, int End, string? FlagName, int ValueStart, int ValueEnd, bool Quoted)
{
    public bool IsFlag => FlagName is not null;

    public bool HasInlineValue => IsFlag && ValueStart >= 0 && ValueEnd > ValueStart;
}

namespace DiffusionBot.Diffusion.Text;

/// <summary>A run of prompt text and the attention weight its tokens get, or a <c>BREAK</c> (a forced new chunk).</summary>
/// <param name="Text">The text as the tokenizer will see it, escapes resolved; empty for a break.</param>
/// <param name="Weight">The product of the brackets around the text (1 outside any).</param>
/// <param name="IsBreak">Whether this fragment is a <c>BREAK</c> rather than text.</param>
public readonly record struct PromptFragment(string Text, double Weight, bool IsBreak = false)
{
    public static PromptFragment Break { get; } = new("", 1.0, IsBreak: true);
}

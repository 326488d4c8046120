using System.Text.RegularExpressions;

namespace DiffusionBot.Diffusion.Text;

/// <summary>
/// Words a tokenizer reads as fixed ids before byte-pair encoding (textual-inversion names): matched in cleaned,
/// lower-case text as whole words (no letter or digit right before or after), the longest name first.
/// </summary>
public sealed class AddedWords
{
    private readonly Dictionary<string, int[]> _ids;

    public AddedWords(IReadOnlyDictionary<string, int[]> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        _ids = ids.ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value, StringComparer.Ordinal);
        var names = string.Join('|', _ids.Keys.OrderByDescending(k => k.Length).ThenBy(k => k, StringComparer.Ordinal).Select(Regex.Escape));
        Pattern = new Regex($@"(?<![\p{{L}}\p{{N}}])(?:{names})(?![\p{{L}}\p{{N}}])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
    }

    public Regex Pattern { get; }

    public IReadOnlyCollection<string> Names => _ids.Keys;

    public int[] IdsOf(string word) => _ids[word.ToLowerInvariant()];

    /// <summary>The added words <paramref name="text"/> uses, in the order they first appear.</summary>
    public IReadOnlyList<string> UsedIn(string text) =>
        [.. Pattern.Matches(text).Select(m => m.Value.ToLowerInvariant()).Distinct(StringComparer.Ordinal)];
}

using System.Globalization;

namespace DiffusionBot.Chat.Quotas;

/// <summary>Quota windows as people write them: <c>30m</c>, <c>1h</c>, <c>24h</c>, <c>7d</c> — from 1 minute to 30 days.</summary>
public static class QuotaDuration
{
    public static readonly TimeSpan Minimum = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(30);

    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim().ToLowerInvariant();
        if (trimmed.Length < 2 || !int.TryParse(trimmed[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            throw new QuotaException($"'{Clip(text)}' is not a duration; write it like 30m, 1h, 24h or 7d.");
        }

        var duration = trimmed[^1] switch
        {
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            'd' => TimeSpan.FromDays(amount),
            _ => throw new QuotaException($"'{Clip(text)}' is not a duration; write it like 30m, 1h, 24h or 7d."),
        };
        if (duration < Minimum || duration > Maximum)
        {
            throw new QuotaException($"The window must be between 1 minute and 30 days (you wrote {Clip(text)}).");
        }

        return duration;
    }

    /// <summary>24 h, 7 d, 30 min — for messages (hours up to two days, as people say "the last 24 h").</summary>
    public static string Format(TimeSpan span)
    {
        if (span.TotalHours > 48 && span.TotalDays == Math.Floor(span.TotalDays))
        {
            return $"{span.TotalDays:0} d";
        }

        if (span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours))
        {
            return $"{span.TotalHours:0} h";
        }

        return $"{Math.Ceiling(span.TotalMinutes):0} min";
    }

    /// <summary>"2 h 14 min", "45 s" — how long until something frees up.</summary>
    public static string Until(TimeSpan span)
    {
        if (span <= TimeSpan.Zero)
        {
            return "a moment";
        }

        if (span < TimeSpan.FromMinutes(1))
        {
            return $"{Math.Ceiling(span.TotalSeconds):0} s";
        }

        var minutes = (long)Math.Floor(span.TotalMinutes);
        var days = minutes / (24 * 60);
        var hours = minutes / 60 % 24;
        var rest = minutes % 60;
        var parts = new List<string>();
        if (days > 0)
        {
            parts.Add($"{days} d");
        }

        if (hours > 0)
        {
            parts.Add($"{hours} h");
        }

        if (rest > 0)
        {
            parts.Add($"{rest} min");
        }

        return string.Join(' ', parts);
    }

    private static string Clip(string text) => text.Length > 20 ? text[..20] + "…" : text;
}

using System.Globalization;

namespace DiffusionBot.Chat.Quotas;

/// <summary>
/// What a channel may generate: unlimited, off, or images per rolling window (for the channel and
/// per person), with optional caps on steps and on pixels per image. Counted in images.
/// </summary>
public sealed record QuotaPolicy(bool Off, int? Images, int? UserImages, TimeSpan Window, int? MaxSteps, int? MaxPixels)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    public static readonly QuotaPolicy Unlimited = new(false, null, null, DefaultWindow, null, null);

    public static readonly QuotaPolicy Disabled = new(true, null, null, DefaultWindow, null, null);

    public bool IsUnlimited => !Off && Images is null && UserImages is null && MaxSteps is null && MaxPixels is null;

    public string Describe()
    {
        if (Off)
        {
            return "off (no images)";
        }

        if (IsUnlimited)
        {
            return "unlimited";
        }

        var parts = new List<string>();
        var per = QuotaDuration.Format(Window);
        if (Images is { } images)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{images} images per {per}"));
        }

        if (UserImages is { } user)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{user} per person per {per}"));
        }

        if (MaxSteps is { } steps)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"at most {steps} steps"));
        }

        if (MaxPixels is { } pixels)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"at most {pixels:N0} pixels per image"));
        }

        return string.Join(", ", parts);
    }
}

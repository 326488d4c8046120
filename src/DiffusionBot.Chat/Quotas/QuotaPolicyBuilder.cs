namespace DiffusionBot.Chat.Quotas;

/// <summary>Builds a policy from the numbers an admin gave (slash-command options or words), checking every rule once.</summary>
public static class QuotaPolicyBuilder
{
    public static QuotaPolicy Build(int? images, int? userImages, string? per, int? maxSteps, int? maxPixels)
    {
        Positive("images", images);
        Positive("user_images", userImages);
        Positive("max_steps", maxSteps);
        Positive("max_pixels", maxPixels);
        if (images is null && userImages is null && maxSteps is null && maxPixels is null)
        {
            throw new QuotaException("Give at least one limit, e.g. /quota set 20 per 24h user 5.");
        }

        if (images is { } channel && userImages is { } user && user > channel)
        {
            throw new QuotaException($"The per-person limit ({user}) cannot be above the channel's ({channel}).");
        }

        var window = per is null ? QuotaPolicy.DefaultWindow : QuotaDuration.Parse(per);
        return new QuotaPolicy(false, images, userImages, window, maxSteps, maxPixels);
    }

    private static void Positive(string name, int? value)
    {
        if (value is < 1)
        {
            throw new QuotaException($"{name} must be a whole number of 1 or more (you wrote {value}).");
        }
    }
}

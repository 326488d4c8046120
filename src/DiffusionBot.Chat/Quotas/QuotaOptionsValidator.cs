using Microsoft.Extensions.Options;

namespace DiffusionBot.Chat.Quotas;

/// <summary>Checks the configured default quota at start-up and names every bad key, so a typo stops the host instead of every dispatch.</summary>
internal sealed class QuotaOptionsValidator : IValidateOptions<QuotaOptions>
{
    public ValidateOptionsResult Validate(string? name, QuotaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        var quota = options.Default;
        AtLeastOne(builder, quota.Images, nameof(QuotaDefault.Images));
        AtLeastOne(builder, quota.UserImages, nameof(QuotaDefault.UserImages));
        AtLeastOne(builder, quota.MaxSteps, nameof(QuotaDefault.MaxSteps));
        AtLeastOne(builder, quota.MaxPixels, nameof(QuotaDefault.MaxPixels));
        if (!string.IsNullOrEmpty(quota.Per))
        {
            try
            {
                QuotaDuration.Parse(quota.Per);
            }
            catch (QuotaException e)
            {
                builder.AddError(e.Message, Key(nameof(QuotaDefault.Per)));
            }
        }

        return builder.Build();
    }

    private static void AtLeastOne(ValidateOptionsResultBuilder builder, int? value, string field)
    {
        if (value is < 1)
        {
            builder.AddError($"must be at least 1 when set (it is {value})", Key(field));
        }
    }

    private static string Key(string field) => $"{QuotaOptions.SectionName}:{nameof(QuotaOptions.Default)}:{field}";
}

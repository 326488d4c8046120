namespace DiffusionBot.Chat.Quotas;

/// <summary>The <c>Quotas</c> section: the default for channels and workspaces with no quota of their own.</summary>
public sealed class QuotaOptions
{
    public const string SectionName = "Quotas";

    /// <summary>The default policy; unlimited unless configured.</summary>
    public QuotaDefault Default { get; set; } = new();

    public QuotaPolicy DefaultPolicy() => Default.Off
        ? QuotaPolicy.Disabled
        : new QuotaPolicy(false, Default.Images, Default.UserImages, string.IsNullOrEmpty(Default.Per) ? QuotaPolicy.DefaultWindow : QuotaDuration.Parse(Default.Per), Default.MaxSteps, Default.MaxPixels);
}

/// <summary>The configured default quota (every field optional).</summary>
public sealed class QuotaDefault
{
    public bool Off { get; set; }

    public int? Images { get; set; }

    public int? UserImages { get; set; }

    /// <summary>The window, written like <c>24h</c>.</summary>
    public string? Per { get; set; }

    public int? MaxSteps { get; set; }

    public int? MaxPixels { get; set; }
}

namespace DiffusionBot.Chat.Downloads;

/// <summary>The <c>Downloads</c> configuration section: where user images may be fetched from.</summary>
public sealed class DownloadOptions
{
    public const string SectionName = "Downloads";

    /// <summary>Whether downloads may connect to private, loopback and link-local addresses.</summary>
    /// <remarks>
    /// Off by default: a link a user posts (or a redirect, or a DNS answer) must not make the bot fetch from the machine
    /// it runs on or its private network (SSRF). Only tests, whose fake platforms listen on loopback, turn it on.
    /// </remarks>
    public bool AllowPrivateAddresses { get; set; }
}

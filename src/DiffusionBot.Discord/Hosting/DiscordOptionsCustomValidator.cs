using DiffusionBot.Diffusion;
using DiffusionBot.Discord.Replies;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord.Hosting;

/// <summary>The rules attributes cannot express; every failure is listed, each naming its key.</summary>
internal sealed class DiscordOptionsCustomValidator(IOptions<EngineOptions> engine) : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        if (options.ApplicationId == 0)
        {
            builder.AddError("is required when Discord:Token is set (the application id from the Developer Portal)", "Discord:ApplicationId");
        }

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && !(api.Scheme == Uri.UriSchemeHttp && api.IsLoopback)))
        {
            builder.AddError("must be an https URL (plain http only to a loopback test peer)", "Discord:ApiBaseUrl");
        }

        if (!string.IsNullOrWhiteSpace(options.GatewayUrl)
            && (!Uri.TryCreate(options.GatewayUrl, UriKind.Absolute, out var gateway) || gateway.Scheme is not ("wss" or "ws")))
        {
            builder.AddError("must be a wss:// URL, or empty to ask Discord", "Discord:GatewayUrl");
        }

        if (options.CdnHosts.Count == 0 || options.CdnHosts.Any(h => string.IsNullOrWhiteSpace(h) || h.Contains('/', StringComparison.Ordinal)))
        {
            builder.AddError("must list host names only, e.g. cdn.discordapp.com", "Discord:CdnHosts");
        }

        if (engine.Value.MaxImages > DiscordReply.MaxImages)
        {
            builder.AddError(
                $"must be at most {DiscordReply.MaxImages} while Discord is on: a message holds at most {DiscordReply.MaxImages} files, and their U/V buttons and 🔁 must fit Discord's 5 rows of 5",
                "Diffusion:MaxImages");
        }

        return builder.Build();
    }
}

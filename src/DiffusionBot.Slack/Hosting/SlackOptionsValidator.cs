using Microsoft.Extensions.Options;

namespace DiffusionBot.Slack.Hosting;

/// <summary>
/// Checks the <c>Slack</c> section at boot, only when Slack is switched on (any token or secret set), and lists every bad
/// key at once. Token values never appear in a message.
/// </summary>
internal sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var anySecret = !string.IsNullOrWhiteSpace(options.BotToken) || !string.IsNullOrWhiteSpace(options.AppToken) || !string.IsNullOrWhiteSpace(options.SigningSecret);
        if (!anySecret)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new ValidateOptionsResultBuilder();
        if (string.IsNullOrWhiteSpace(options.BotToken))
        {
            errors.AddError("is required when Slack:AppToken or Slack:SigningSecret is set (a bot token, xoxb-…)", "Slack:BotToken");
        }
        else if (!options.BotToken.StartsWith("xoxb-", StringComparison.Ordinal))
        {
            errors.AddError("must be a bot token starting with xoxb- (OAuth & Permissions → Bot User OAuth Token)", "Slack:BotToken");
        }

        if (options.Mode == SlackMode.Socket && !options.AppToken.StartsWith("xapp-", StringComparison.Ordinal))
        {
            errors.AddError("must be an app-level token starting with xapp- with the connections:write scope when Slack:Mode is socket", "Slack:AppToken");
        }

        if (options.Mode == SlackMode.Http && string.IsNullOrWhiteSpace(options.SigningSecret))
        {
            errors.AddError("is required when Slack:Mode is http (Basic Information → Signing Secret)", "Slack:SigningSecret");
        }

        if (!Enum.IsDefined(options.Mode))
        {
            errors.AddError("must be socket or http", "Slack:Mode");
        }

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            errors.AddError("must be an absolute http(s) URL such as https://slack.com/api", "Slack:ApiBaseUrl");
        }

        if (options.PreviewIntervalSeconds is < 1 or > 60)
        {
            errors.AddError("must be between 1 and 60", "Slack:PreviewIntervalSeconds");
        }

        if (options.MaxDownloadBytes <= 0)
        {
            errors.AddError("must be positive", "Slack:MaxDownloadBytes");
        }

        if (options.SocketPingIntervalSeconds <= 0 || options.SocketPongTimeoutSeconds <= 0)
        {
            errors.AddError("must be positive", "Slack:SocketPingIntervalSeconds and Slack:SocketPongTimeoutSeconds");
        }

        return errors.Build();
    }
}

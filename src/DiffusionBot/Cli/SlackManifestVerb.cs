using DiffusionBot.Slack;

namespace DiffusionBot.Cli;

/// <summary><c>slack-manifest [--http URL]</c>: prints the Slack app manifest to paste into Slack's app-creation page.</summary>
internal static class SlackManifestVerb
{
    public static int Run(CliArguments args)
    {
        var http = args.String("http");
        args.RejectUnknown("slack-manifest");
        if (args.Positional.Count > 0)
        {
            throw new CliUsageException($"'slack-manifest' takes no words, only --http URL; got '{args.Positional[0]}'.");
        }

        Uri? baseUrl = null;
        if (http is not null && !Uri.TryCreate(http, UriKind.Absolute, out baseUrl))
        {
            throw new CliUsageException($"--http must be the bot's public base URL, like https://bot.example.com, not '{http}'.");
        }

        Console.WriteLine(SlackAppManifest.ToJson(baseUrl));
        return 0;
    }
}

using System.Text.Json;

namespace DiffusionBot.Tests;

/// <summary><c>slack-manifest</c> run as a user runs it: the printed JSON is a manifest Slack's app-creation page accepts.</summary>
public sealed class SlackManifestVerbTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("diffusionbot-manifest-").FullName;

    [Fact]
    public void SlackManifest_PrintsSocketModeManifest_WithTheCommandsScopesAndEvents()
    {
        var result = CliProcess.Run(_folder, "slack-manifest");

        Assert.Equal(0, result.ExitCode);
        using var manifest = JsonDocument.Parse(result.Output);
        var root = manifest.RootElement;
        Assert.Equal("DiffusionBot", root.GetProperty("display_information").GetProperty("name").GetString());
        var commands = root.GetProperty("features").GetProperty("slash_commands").EnumerateArray().ToList();
        Assert.Equal(["/imagine", "/quota"], commands.Select(c => c.GetProperty("command").GetString()));
        Assert.All(commands, c => Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("description").GetString())));
        Assert.All(commands, c => Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("usage_hint").GetString())));
        Assert.All(commands, c => Assert.False(c.TryGetProperty("url", out _)));
        var scopes = Strings(root.GetProperty("oauth_config").GetProperty("scopes").GetProperty("bot"));
        Assert.Subset(new HashSet<string>(scopes), new HashSet<string> { "commands", "chat:write", "files:write", "files:read", "reactions:read", "channels:history", "groups:history", "users:read" });
        var settings = root.GetProperty("settings");
        Assert.Subset(new HashSet<string>(Strings(settings.GetProperty("event_subscriptions").GetProperty("bot_events"))), new HashSet<string> { "reaction_added", "message.channels", "message.groups" });
        Assert.False(settings.GetProperty("event_subscriptions").TryGetProperty("request_url", out _));
        Assert.True(settings.GetProperty("interactivity").GetProperty("is_enabled").GetBoolean());
        Assert.True(settings.GetProperty("socket_mode_enabled").GetBoolean());
    }

    [Fact]
    public void SlackManifest_PrintsTheRequestUrls_WithSocketModeOff_ForHttpMode()
    {
        var result = CliProcess.Run(_folder, "slack-manifest", "--http", "https://bot.example.com/");

        Assert.Equal(0, result.ExitCode);
        using var manifest = JsonDocument.Parse(result.Output);
        var root = manifest.RootElement;
        var settings = root.GetProperty("settings");
        Assert.All(root.GetProperty("features").GetProperty("slash_commands").EnumerateArray(), c => Assert.Equal("https://bot.example.com/slack/commands", c.GetProperty("url").GetString()));
        Assert.Equal("https://bot.example.com/slack/events", settings.GetProperty("event_subscriptions").GetProperty("request_url").GetString());
        Assert.Equal("https://bot.example.com/slack/interactivity", settings.GetProperty("interactivity").GetProperty("request_url").GetString());
        Assert.False(settings.GetProperty("socket_mode_enabled").GetBoolean());
    }

    [Theory]
    [InlineData("https://", "slack-manifest", "--http", "http://bot.example.com")]
    [InlineData("public base URL", "slack-manifest", "--http", "bot")]
    [InlineData("has no option --socket", "slack-manifest", "--socket", "1")]
    public void SlackManifest_PrintsOneLineAndFails_OnBadInput(string expected, params string[] args)
    {
        var result = CliProcess.Run(_folder, args);

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}

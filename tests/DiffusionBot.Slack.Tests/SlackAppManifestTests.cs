using System.Text.Json;

namespace DiffusionBot.Slack.Tests;

public sealed class SlackAppManifestTests
{
    [Theory]
    [InlineData("reaction_added", "reactions:read")]
    [InlineData("message.channels", "channels:history")]
    [InlineData("message.groups", "groups:history")]
    [InlineData("message.im", "im:history")]
    public void BotEvents_ComeWithTheScopeSlackRequiresForThem(string botEvent, string scope)
    {
        Assert.Contains(botEvent, SlackAppManifest.BotEvents);
        Assert.Contains(scope, SlackAppManifest.BotScopes);
    }

    [Fact]
    public void BotScopes_CoverWhatIsNoWebApiCall()
    {
        // Slash commands need "commands"; url_private downloads need "files:read".
        Assert.Contains("commands", SlackAppManifest.BotScopes);
        Assert.Contains("files:read", SlackAppManifest.BotScopes);
    }

    [Fact]
    public void Build_Throws_WhenTheRequestUrlIsNotHttps() =>
        Assert.Throws<ArgumentException>(() => SlackAppManifest.Build(new Uri("http://bot.example.com")));

    [Fact]
    public void Readme_ShowsTheManifestTheVerbPrints()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var start = readme.IndexOf("```json\n{\n  \"display_information\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no manifest block");
        start += "```json\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);

        using var shown = JsonDocument.Parse(readme[start..end]);
        Assert.Equal(SlackAppManifest.Build().ToJsonString(), JsonSerializer.Serialize(shown.RootElement));
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "DiffusionBot.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new DirectoryNotFoundException("No DiffusionBot.sln above " + AppContext.BaseDirectory);
    }
}

using DiffusionBot.Slack.Tests.Fakes;

namespace DiffusionBot.Slack.Tests.Adapter;

/// <summary>The manifest grants what the adapter uses: a scope for every Web API method it was seen calling.</summary>
public sealed partial class SlackSocketModeAdapterTests
{
    /// <summary>The bot scope each Web API method needs, from Slack's method reference (written here, not taken from the code under test).</summary>
    private static readonly Dictionary<string, string> ScopeOfMethod = new(StringComparer.Ordinal)
    {
        ["chat.postMessage"] = "chat:write",
        ["chat.update"] = "chat:write",
        ["chat.delete"] = "chat:write",
        ["chat.postEphemeral"] = "chat:write",
        ["users.info"] = "users:read",
        ["files.getUploadURLExternal"] = "files:write",
        ["files.completeUploadExternal"] = "files:write",
        ["files.delete"] = "files:write",
        ["conversations.replies"] = "channels:history",

        // docs.slack.dev/reference/methods/views.open: "No scope required" (the trigger_id is the authority).
        ["views.open"] = "",
    };

    [Fact]
    public async Task Manifest_GrantsTheScopeOfEveryWebApiMethodTheBotCalls_WhenItServesCommands()
    {
        await ImagineAsync("C-SCOPES", "red --size 64x64 --steps 2 --seed 11");
        await Socket.SendAsync(SlackBot.SlashCommand("env-scopes-bad", "C-SCOPES", "red --steps banana", "trig-scopes-bad"));
        await Socket.NextReceivedAsync();
        await WhisperAsync("C-SCOPES");

        // apps.connections.open goes with the app-level token (connections:write), which no bot scope grants.
        var called = Fake.Requests.Where(r => r.Authorization == "Bearer " + FakeSlack.BotToken).Select(r => r.Method).Distinct().ToList();
        var granted = SlackAppManifest.BotScopes;

        Assert.Subset(called.ToHashSet(), new HashSet<string> { "chat.postMessage", "chat.update", "chat.postEphemeral", "users.info", "files.getUploadURLExternal", "files.completeUploadExternal", "conversations.replies" });
        Assert.All(called, method =>
        {
            Assert.True(ScopeOfMethod.TryGetValue(method, out var scope), $"the bot calls {method}: add the scope it needs to this table and the manifest");
            if (scope!.Length > 0)
            {
                Assert.Contains(scope, granted);
            }
        });
    }
}

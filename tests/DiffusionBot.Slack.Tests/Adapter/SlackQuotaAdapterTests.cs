using DiffusionBot.Slack.Tests.Fakes;

namespace DiffusionBot.Slack.Tests.Adapter;

/// <summary><c>/quota</c> over Socket Mode, against the bot wired as production wires it (each test in its own channel).</summary>
[Collection(AdapterCollection.Name)]
public sealed class SlackQuotaAdapterTests(SocketModeFixture fixture) : IClassFixture<SocketModeFixture>
{
    /// <summary>A plain member: <c>users.info</c> says neither admin nor owner, and <c>Slack:AdminUsers</c> lacks them.</summary>
    private const string Member = "U-MEMBER";

    /// <summary>A workspace admin as <c>users.info</c> reports it.</summary>
    private const string WorkspaceAdmin = "U-WORKSPACE-ADMIN";

    private const string DefaultQuota = "Quota here: unlimited (the bot's default).";

    private FakeSlack Fake => fixture.Bot.Fake;

    private FakeSocket Socket => fixture.Socket;

    [Fact]
    public async Task Set_IsRefusedPolitelyToTheUserAloneAndChangesNothing_WhenTheyAreNoAdmin()
    {
        var refusal = await QuotaAsync("C-Q-MEMBER", Member, "set 10 per 24h");
        var shown = await QuotaAsync("C-Q-MEMBER", Member, "show");

        Assert.StartsWith("Only admins can change quotas", refusal, StringComparison.Ordinal);
        Assert.Equal(DefaultQuota, shown);
        Assert.Contains(Fake.RequestsFor("users.info"), r => r.Args.GetValueOrDefault("user") == Member);
        Assert.Equal(2, Whispers("C-Q-MEMBER", Member).Length);
        Assert.Empty(TopLevel("C-Q-MEMBER"));
    }

    [Theory]
    [InlineData(WorkspaceAdmin, "C-Q-WORKSPACE-ADMIN")]
    [InlineData(SlackBot.ConfiguredAdmin, "C-Q-CONFIGURED-ADMIN")]
    public async Task Set_TakesEffectForTheNextImagine_WhenAnAdminSetsIt(string admin, string channel)
    {
        Fake.WorkspaceAdmins[WorkspaceAdmin] = true;

        var changed = await QuotaAsync(channel, admin, "set 1 per 24h");
        await SendAsync(channel, Member, "/imagine", "red --size 64x64 --steps 2 --seed 7");
        var accepted = await SlackBot.WaitForAsync(() => TopLevel(channel).FirstOrDefault(), "the accepted job's status message");

        // Finished before the next one is sent: a status message is posted before its command is dispatched, so two
        // commands in flight at once could be dispatched in either order.
        await SlackBot.WaitForAsync(() => accepted.Text?.StartsWith("Done", StringComparison.Ordinal) == true ? accepted : null, "the accepted job to finish");
        var refusal = await SendAndHearAsync(channel, Member, "/imagine", "red --size 64x64 --steps 2 --seed 8");
        var shown = await QuotaAsync(channel, Member, "show");

        Assert.StartsWith("This channel's quota is now: 1 images per 24 h", changed, StringComparison.Ordinal);
        Assert.StartsWith("This channel has used 1 of 1 images", refusal, StringComparison.Ordinal);
        Assert.Contains("--seed 7", accepted.History[0], StringComparison.Ordinal);
        Assert.Equal([accepted.Ts], TopLevel(channel).Select(m => m.Ts));
        Assert.Contains("Channel: 1 of 1 used", shown, StringComparison.Ordinal);
        Assert.Contains("Last change: ", shown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("C-Q-NEGATIVE", "set -1 per 24h", "must be a whole number of 1 or more")]
    [InlineData("C-Q-LONG", "set 5 per 400d", "between 1 minute and 30 days")]
    [InlineData("C-Q-UNKNOWN", "frobnicate", "Unknown /quota command 'frobnicate'")]
    public async Task BadWords_GetOnePoliteLineAndChangeNothing_EvenFromAnAdmin(string channel, string words, string reason)
    {
        var answer = await QuotaAsync(channel, SlackBot.ConfiguredAdmin, words);
        var shown = await QuotaAsync(channel, SlackBot.ConfiguredAdmin, "show");

        Assert.Contains(reason, answer, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', answer);
        Assert.Equal(DefaultQuota, shown);
        Assert.Equal(2, Whispers(channel, SlackBot.ConfiguredAdmin).Length);
        Assert.Empty(TopLevel(channel));
    }

    /// <summary>Sends <c>/quota {words}</c> and returns the ephemeral answer.</summary>
    private Task<string> QuotaAsync(string channel, string user, string words) => SendAndHearAsync(channel, user, "/quota", words);

    /// <summary>Sends a slash command and returns the next ephemeral message to <paramref name="user"/> in <paramref name="channel"/>.</summary>
    private async Task<string> SendAndHearAsync(string channel, string user, string command, string text)
    {
        var before = Whispers(channel, user).Length;
        await SendAsync(channel, user, command, text);
        var whisper = await SlackBot.WaitForAsync(() => Whispers(channel, user).Skip(before).FirstOrDefault(), $"the answer to {command} {text}");
        return whisper.Json!.Value.GetProperty("text").GetString()!;
    }

    private async Task SendAsync(string channel, string user, string command, string text)
    {
        var id = Guid.NewGuid().ToString("N");
        await Socket.SendAsync(SlackBot.SlashCommand("env-" + id, channel, text, "trig-" + id, user: user, command: command));
        await Socket.NextReceivedAsync();
    }

    private RecordedRequest[] Whispers(string channel, string user) =>
        [.. Fake.RequestsFor("chat.postEphemeral").Where(r => r.Json!.Value.GetProperty("channel").GetString() == channel && r.Json!.Value.GetProperty("user").GetString() == user)];

    private FakeMessage[] TopLevel(string channel) => [.. Fake.Messages.Where(m => m.Channel == channel && m.ThreadTs is null && !m.Deleted)];
}

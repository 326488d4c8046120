using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Slack.Replies;
using DiffusionBot.Slack.Tests.Fakes;
using DiffusionBot.Slack.WebApi;
using Microsoft.Extensions.Logging.Abstractions;

namespace DiffusionBot.Slack.Tests.Replies;

public sealed class SlackReplyTests : IAsyncLifetime
{
    private FakeSlack _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeSlack.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task ShowPreviewAsync_EditsTheStatusWithAnUnsharedSlackFile_AndDropsASecondWithinTheInterval()
    {
        var (reply, address) = await StatusAsync();

        await reply.ShowPreviewAsync(address, new byte[] { 0xFF, 0xD8, 0xFF, 1 }, 3, 20, CancellationToken.None);
        await reply.ShowPreviewAsync(address, new byte[] { 0xFF, 0xD8, 0xFF, 2 }, 4, 20, CancellationToken.None);

        var complete = Assert.Single(_fake.RequestsFor("files.completeUploadExternal"));
        Assert.False(complete.Args.ContainsKey("channel_id"));
        var update = Assert.Single(_fake.RequestsFor("chat.update"));
        var image = update.Json!.Value.GetProperty("blocks")[1];
        Assert.Equal("image", image.GetProperty("type").GetString());
        Assert.Equal("F123", image.GetProperty("slack_file").GetProperty("id").GetString());
    }

    [Fact]
    public async Task PostResultAsync_PostsOnce_WhenTheJobPostsTheSameResultAgainAfterACrash()
    {
        var (reply, address) = await StatusAsync();
        var post = new ResultPost("r1", [new ResultImage(new byte[] { 1, 2, 3 }, 7)], "a <!channel> fox", ResultAction.ForGrid(1));

        var first = await reply.PostResultAsync(address, post, CancellationToken.None);
        var again = await reply.PostResultAsync(address, post, CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Single(_fake.RequestsFor("files.completeUploadExternal"));
        Assert.Equal(2, _fake.Thread("C1", address.MessageId!).Length);
        Assert.Contains("&lt;!channel&gt;", _fake.Thread("C1", address.MessageId!)[1].Text, StringComparison.Ordinal);
    }

    private async Task<(SlackReply Reply, ReplyAddress Address)> StatusAsync()
    {
        var options = Fakes.Slack.Options(_fake);
        var api = Fakes.Slack.WebApi(_fake, options: options);
        var status = await api.PostMessageAsync(new ChatPostMessageRequest { Channel = "C1", Text = "queued" }, CancellationToken.None);
        var reply = new SlackReply(api, Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, NullLogger<SlackReply>.Instance);
        return (reply, new ReplyAddress(ChatPlatform.Slack, "C1", "T111", MessageId: status.Ts));
    }
}

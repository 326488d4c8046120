using System.Net;
using DiffusionBot.Discord.Rest;
using DiffusionBot.Discord.Tests.Fakes;
using DiffusionBot.Discord.Wire;
using DiffusionBot.TestSupport;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Discord.Tests.Rest;

/// <summary>The fake Discord refuses what Discord refuses, so a green adapter test means the bot keeps Discord's rules.</summary>
public sealed class FakeDiscordStrictnessTests : IAsyncLifetime
{
    private const ulong Channel = FakeGuild.ChannelId;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly HttpClient _http = new();
    private readonly FakeGuild _guild = new();
    private FakeDiscord _fake = null!;
    private DiscordRestClient _client = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscord.StartAsync();
        _guild.Time = _time;
        _fake.Rest.Guild = _guild;
        _client = Client(FakeDiscord.Token);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task AnUnknownRoute_Is404_AndAKnownRouteWithAnotherMethod_Is405()
    {
        using var unknown = new HttpRequestMessage(HttpMethod.Get, $"{_fake.ApiBaseUrl}/channels/{Channel}/nothing-here");
        using var wrongMethod = new HttpRequestMessage(HttpMethod.Post, $"{_fake.ApiBaseUrl}/channels/{Channel}/messages/1");
        unknown.Headers.Authorization = wrongMethod.Headers.Authorization = new("Bot", FakeDiscord.Token);

        using var notFound = await _http.SendAsync(unknown);
        using var notAllowed = await _http.SendAsync(wrongMethod);

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, notAllowed.StatusCode);
    }

    [Fact]
    public async Task ABotRoute_Is401_WithoutTheBotToken_WhileTheInteractionWebhookNeedsNone()
    {
        var stranger = Client("not-the-token");
        _guild.Register(1, "live-token", Channel);
        await _client.CreateInteractionResponseAsync(1, "live-token", new InteractionResponse(InteractionResponse.DeferredChannelMessage, null), null, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<DiscordApiException>(() => stranger.CreateMessageAsync(Channel, new MessageBody { Content = "hi" }, null, CancellationToken.None));
        var followUp = await stranger.CreateFollowupMessageAsync("live-token", new MessageBody { Content = "hi" }, null, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(Channel, followUp.ChannelId);
    }

    [Fact]
    public async Task CreateMessage_Is50006_WhenEmpty_And50035_WhenOver2000Characters()
    {
        var empty = await Assert.ThrowsAsync<DiscordApiException>(() => _client.CreateMessageAsync(Channel, new MessageBody(), null, CancellationToken.None));
        var tooLong = await Assert.ThrowsAsync<DiscordApiException>(() => _client.CreateMessageAsync(Channel, new MessageBody { Content = new string('a', 2001) }, null, CancellationToken.None));
        var longest = await _client.CreateMessageAsync(Channel, new MessageBody { Content = new string('a', 2000) }, null, CancellationToken.None);

        Assert.Equal(50006, empty.ErrorCode);
        Assert.Equal(50035, tooLong.ErrorCode);
        Assert.Equal(2000, longest.Content!.Length);
    }

    [Fact]
    public async Task EditMessage_Is50005_OnAMessageSomeoneElseWrote()
    {
        var theirs = _guild.CreateUserMessage(Channel, "mine, not the bot's");

        var refused = await Assert.ThrowsAsync<DiscordApiException>(() => _client.EditMessageAsync(Channel, theirs.Id, new MessageBody { Content = "edited" }, null, CancellationToken.None));

        Assert.Equal((HttpStatusCode.Forbidden, 50005), (refused.StatusCode, refused.ErrorCode));
        Assert.Equal("mine, not the bot's", theirs.Content);
    }

    [Fact]
    public async Task ChannelRoutes_Are50001WithoutViewChannel_And50013WithoutTheRoutesPermission()
    {
        const ulong hidden = Channel + 1;
        const ulong readOnly = Channel + 2;
        _guild.Deny(hidden, FakeGuild.Permissions.ViewChannel);
        _guild.Deny(readOnly, FakeGuild.Permissions.SendMessages | FakeGuild.Permissions.CreatePublicThreads);
        var status = _guild.CreateBotMessage(readOnly, "status");

        var missingAccess = await Assert.ThrowsAsync<DiscordApiException>(() => _client.CreateMessageAsync(hidden, new MessageBody { Content = "hi" }, null, CancellationToken.None));
        var noSend = await Assert.ThrowsAsync<DiscordApiException>(() => _client.CreateMessageAsync(readOnly, new MessageBody { Content = "hi" }, null, CancellationToken.None));
        var noThread = await Assert.ThrowsAsync<DiscordApiException>(() => _client.StartThreadFromMessageAsync(readOnly, status.Id, new StartThreadRequest("t", 1440), CancellationToken.None));
        await _client.EditMessageAsync(readOnly, status.Id, new MessageBody { Content = "its own message stays editable" }, null, CancellationToken.None);

        Assert.Equal((HttpStatusCode.Forbidden, 50001), (missingAccess.StatusCode, missingAccess.ErrorCode));
        Assert.Equal((HttpStatusCode.Forbidden, 50013), (noSend.StatusCode, noSend.ErrorCode));
        Assert.Equal((HttpStatusCode.Forbidden, 50013), (noThread.StatusCode, noThread.ErrorCode));
    }

    [Fact]
    public async Task EnforceNonce_ReturnsTheEarlierMessage_OnlyWithinAFewMinutes()
    {
        var body = new MessageBody { Content = "result", Nonce = "r1-nonce", EnforceNonce = true };

        var first = await _client.CreateMessageAsync(Channel, body, null, CancellationToken.None);
        var again = await _client.CreateMessageAsync(Channel, body, null, CancellationToken.None);
        _time.Advance(FakeGuild.NonceWindow);
        var later = await _client.CreateMessageAsync(Channel, body, null, CancellationToken.None);

        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, later.Id);
    }

    private DiscordRestClient Client(string token) =>
        new(_http, Options.Create(_fake.Options(token: token)), _time, new ListLogger<DiscordRestClient>(), [TimeSpan.Zero]);
}

using DiffusionBot.Chat.Downloads;
using DiffusionBot.Slack.Tests.Fakes;
using DiffusionBot.Slack.WebApi;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Slack.Tests.WebApi;

public sealed class SlackFileDownloaderTests : IAsyncLifetime
{
    private FakeSlack _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeSlack.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task DownloadAsync_SendsTheBotToken_ToAnAllowedHost()
    {
        var file = await Downloader().DownloadAsync(Url("127.0.0.1", "image.png"), CancellationToken.None);

        Assert.Equal(FakeSlack.Png, file);
        Assert.Equal("Bearer " + FakeSlack.BotToken, Assert.Single(_fake.Downloads).Authorization);
    }

    [Fact]
    public async Task DownloadAsync_RefusesWithoutARequest_WhenTheHostIsNotAllowed()
    {
        var error = await Assert.ThrowsAsync<ImageDownloadException>(() => Downloader().DownloadAsync(Url("localhost", "image.png"), CancellationToken.None));

        Assert.Equal(ImageDownloadFailure.HostNotAllowed, error.Failure);
        Assert.Empty(_fake.Downloads);
    }

    [Fact]
    public async Task DownloadAsync_RefusesARedirectToAnotherHost_WithoutFollowingIt()
    {
        var error = await Assert.ThrowsAsync<ImageDownloadException>(() => Downloader().DownloadAsync(Url("127.0.0.1", "redirect-away"), CancellationToken.None));

        Assert.Equal(ImageDownloadFailure.CrossHostRedirect, error.Failure);
        Assert.Equal([("/files/redirect-away", "Bearer " + FakeSlack.BotToken)], _fake.Downloads.ToArray());
    }

    [Fact]
    public async Task DownloadAsync_RefusesALoopbackFileHost_WhenPrivateAddressesAreNotAllowed()
    {
        var error = await Assert.ThrowsAsync<ImageDownloadException>(() => Downloader(allowPrivate: false).DownloadAsync(Url("127.0.0.1", "image.png"), CancellationToken.None));

        Assert.Equal(ImageDownloadFailure.PrivateAddress, error.Failure);
        Assert.Empty(_fake.Downloads);
    }

    [Fact]
    public async Task DownloadAsync_KeepsTheToken_WhenRedirectedWithinAnAllowedHost()
    {
        await Downloader().DownloadAsync(Url("127.0.0.1", "redirect-home"), CancellationToken.None);

        Assert.All(_fake.Downloads, d => Assert.Equal("Bearer " + FakeSlack.BotToken, d.Authorization));
    }

    [Theory]
    [InlineData("login")]
    [InlineData("disguised-login")]
    public async Task DownloadAsync_RecognisesTheLoginPage_WhenSlackServesHtmlInsteadOfTheFile(string path)
    {
        var error = await Assert.ThrowsAsync<ImageDownloadException>(() => Downloader().DownloadAsync(Url("127.0.0.1", path), CancellationToken.None));

        Assert.Equal(ImageDownloadFailure.HtmlPage, error.Failure);
    }

    [Theory]
    [InlineData("big")]
    [InlineData("big-chunked")]
    public async Task DownloadAsync_RefusesTheFile_WhenItIsOverTheByteCap(string path)
    {
        var error = await Assert.ThrowsAsync<ImageDownloadException>(() => Downloader(maxBytes: 2048).DownloadAsync(Url("127.0.0.1", path), CancellationToken.None));

        Assert.Equal(ImageDownloadFailure.TooLarge, error.Failure);
    }

    [Fact]
    public void MayCarryToken_OnlyForHttpsToTheDefaultHost_WhenNoHostIsConfigured()
    {
        var downloader = new SlackFileDownloader(new GuardedImageDownloader(new HttpClient()), Options.Create(new SlackOptions { BotToken = "xoxb-x" }));

        Assert.True(downloader.MayCarryToken(new Uri("https://files.slack.com/files-pri/T1-F1/a.png")));
        Assert.False(downloader.MayCarryToken(new Uri("http://files.slack.com/files-pri/T1-F1/a.png")));
        Assert.False(downloader.MayCarryToken(new Uri("https://files.slack.com.evil.example/a.png")));
    }

    private Uri Url(string host, string path) => new($"http://{host}:{_fake.BaseUri.Port}/files/{path}");

    private SlackFileDownloader Downloader(long maxBytes = SlackOptions.DefaultMaxDownloadBytes, bool allowPrivate = true)
    {
        var options = Fakes.Slack.Options(_fake);
        options.FileHosts = ["127.0.0.1"];
        options.MaxDownloadBytes = maxBytes;
        return new SlackFileDownloader(new GuardedImageDownloader(new HttpClient(DownloadHandler.Create(allowPrivate))), Options.Create(options));
    }
}

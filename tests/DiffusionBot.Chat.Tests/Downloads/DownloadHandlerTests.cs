using System.Net;
using System.Net.Sockets;
using DiffusionBot.Chat.Downloads;

namespace DiffusionBot.Chat.Tests.Downloads;

public sealed class DownloadHandlerTests : IDisposable
{
    // Stands in for a service on the bot's own machine that a crafted link tries to reach.
    private readonly TcpListener _local = new(IPAddress.Loopback, 0);

    public DownloadHandlerTests() => _local.Start();

    private int Port => ((IPEndPoint)_local.LocalEndpoint).Port;

    public void Dispose() => _local.Dispose();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task DownloadAsync_RefusesWithoutConnecting_WhenTheHostIsOrResolvesToLoopback(string host)
    {
        var url = new Uri($"http://{host}:{Port}/image.png");

        var error = await Assert.ThrowsAsync<ImageDownloadException>(() => Downloader(allowPrivate: false).DownloadAsync(url, Policy(host), CancellationToken.None));

        Assert.Equal(ImageDownloadFailure.PrivateAddress, error.Failure);
        Assert.False(_local.Pending());
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("192.168.1.10")]
    [InlineData("[fd00::1]")]
    public async Task DownloadAsync_RefusesBeforeConnecting_WhenTheHostIsAPrivateAddress(string host)
    {
        var url = new Uri($"https://{host}/image.png");

        var error = await Assert.ThrowsAsync<ImageDownloadException>(() => Downloader(allowPrivate: false).DownloadAsync(url, Policy(url.Host), CancellationToken.None));

        Assert.Equal(ImageDownloadFailure.PrivateAddress, error.Failure);
    }

    [Fact]
    public async Task DownloadAsync_RefusesTheNextHop_WhenARedirectLeadsToANameThatResolvesToLoopback()
    {
        // The first hop is answered in-process (a file host on the internet would answer it); the redirect's hop goes
        // through the real guarded handler, which resolves "localhost" and refuses to connect.
        var first = new RedirectOnce(new Uri($"http://localhost:{Port}/moved.png"), DownloadHandler.Create(allowPrivateAddresses: false));
        var downloader = new GuardedImageDownloader(new HttpClient(first));

        var error = await Assert.ThrowsAsync<ImageDownloadException>(() => downloader.DownloadAsync(new Uri($"http://localhost:{Port}/image.png"), Policy("localhost"), CancellationToken.None));

        Assert.Equal(ImageDownloadFailure.PrivateAddress, error.Failure);
        Assert.Equal(1, first.Answered);
        Assert.False(_local.Pending());
    }

    [Fact]
    public async Task DownloadAsync_Fetches_WhenPrivateAddressesAreAllowed()
    {
        var download = Downloader(allowPrivate: true).DownloadAsync(new Uri($"http://127.0.0.1:{Port}/image.png"), Policy("127.0.0.1"), CancellationToken.None);
        using (var peer = await _local.AcceptTcpClientAsync())
        {
            var stream = peer.GetStream();
            using var reader = new StreamReader(stream, leaveOpen: true);
            while (await reader.ReadLineAsync() is { Length: > 0 })
            {
            }

            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc"u8.ToArray());
        }

        Assert.Equal("abc"u8.ToArray(), await download);
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("2002:a00:1::", false)]
    [InlineData("93.184.215.14", true)]
    [InlineData("2606:4700::1111", true)]
    public void Contains_IsTrueOnlyForPublicUnicast(string address, bool expected) =>
        Assert.Equal(expected, PublicAddresses.Contains(IPAddress.Parse(address)));

    private static GuardedImageDownloader Downloader(bool allowPrivate) => new(new HttpClient(DownloadHandler.Create(allowPrivate)));

    private static DownloadPolicy Policy(string host) => new([host], 1024 * 1024);

    /// <summary>Answers the first request with a 302 to <paramref name="location"/>, then passes requests on.</summary>
    private sealed class RedirectOnce(Uri location, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public int Answered { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Answered > 0)
            {
                return base.SendAsync(request, cancellationToken);
            }

            Answered++;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = location } });
        }
    }
}

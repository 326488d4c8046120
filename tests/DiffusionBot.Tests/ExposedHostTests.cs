using System.Net;
using System.Net.Http.Headers;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using DiffusionBot.Chat.Downloads;
using Microsoft.Extensions.DependencyInjection;

namespace DiffusionBot.Tests;

/// <summary>
/// The host bound to every interface (the Dockerfile's setting) is not an open admin console: the playground wants its
/// password from anyone not on loopback, foreign Host headers are refused (DNS rebinding), a proxied dashboard request asks
/// for the password, and image downloads refuse private addresses.
/// </summary>
public sealed class ExposedHostTests(ExposedHostFixture host) : IClassFixture<ExposedHostFixture>
{
    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/api/events")]
    [InlineData("GET", "/api/images/1/0")]
    [InlineData("POST", "/api/messages")]
    public async Task Playground_AsksForThePassword_WhenTheCallerIsNotOnLoopback(string method, string path)
    {
        using var http = FromTheNetwork();

        using var response = await http.SendAsync(Request(method, path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Playground_Answers_WhenTheCallerOffLoopbackSendsThePassword()
    {
        using var http = FromTheNetwork();
        var request = Request("GET", "/");
        request.Headers.Authorization = Basic("anyone", ExposedHostFixture.PlaygroundPassword);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/", "X-Forwarded-For", "203.0.113.9", HttpStatusCode.Unauthorized)]
    [InlineData("/", "Forwarded", "for=203.0.113.9", HttpStatusCode.Unauthorized)]
    [InlineData("/api/images/1/0", "Sec-Fetch-Site", "cross-site", HttpStatusCode.Forbidden)]
    [InlineData("/", "Host", "attacker.example", HttpStatusCode.BadRequest)]
    public async Task Playground_RefusesALoopbackRequest_WhenAProxyForwardedIt_AnotherSiteSentIt_OrItsHostIsForeign(string path, string header, string value, HttpStatusCode expected)
    {
        using var http = new HttpClient { BaseAddress = host.Bot.BaseAddress };
        var request = Request("GET", path);
        request.Headers.Remove(header);
        request.Headers.Add(header, value);

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_AsksForThePassword_WhenTheRequestWasProxied_AndShowsItToADirectLoopbackCaller()
    {
        using var http = new HttpClient { BaseAddress = host.Bot.BaseAddress };
        var proxied = Request("GET", "/hangfire");
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.9");
        var forwarded = Request("GET", "/hangfire");
        forwarded.Headers.Add("Forwarded", "for=203.0.113.9");
        var authenticated = Request("GET", "/hangfire");
        authenticated.Headers.Add("X-Forwarded-For", "203.0.113.9");
        authenticated.Headers.Authorization = Basic("admin", ExposedHostFixture.DashboardPassword);

        using var proxiedResponse = await http.SendAsync(proxied);
        using var forwardedResponse = await http.SendAsync(forwarded);
        using var authenticatedResponse = await http.SendAsync(authenticated);
        using var direct = await http.SendAsync(Request("GET", "/hangfire"));

        Assert.Equal(HttpStatusCode.Unauthorized, proxiedResponse.StatusCode);
        Assert.Equal("Basic", Assert.Single(proxiedResponse.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, forwardedResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authenticatedResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
    }

    [Fact]
    public async Task Dashboard_LetsOnlyThePasswordChangeJobs_AndALoopbackCallerWithoutItOnlyLook()
    {
        using var http = new HttpClient { BaseAddress = host.Bot.BaseAddress };
        var anonymous = Request("POST", "/hangfire/jobs/enqueued/delete");
        anonymous.Content = new FormUrlEncodedContent([new("jobs[]", "999999")]);
        var authenticated = Request("POST", "/hangfire/jobs/enqueued/delete");
        authenticated.Content = new FormUrlEncodedContent([new("jobs[]", "999999")]);
        authenticated.Headers.Authorization = Basic("admin", ExposedHostFixture.DashboardPassword);

        using var refused = await http.SendAsync(anonymous);
        using var allowed = await http.SendAsync(authenticated);

        Assert.True(refused.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"read-only delete answered {(int)refused.StatusCode}");
        Assert.True(allowed.IsSuccessStatusCode, $"authenticated delete answered {(int)allowed.StatusCode}");
    }

    [Fact]
    public async Task Dashboard_AsksForThePassword_WhenTheCallerIsNotOnLoopback()
    {
        using var http = FromTheNetwork();

        using var response = await http.SendAsync(Request("GET", "/hangfire"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Downloads_RefuseLoopbackAndPrivateAddresses_InTheHostAsShipped()
    {
        using var local = new TcpListener(IPAddress.Loopback, 0);
        local.Start();
        var port = ((IPEndPoint)local.LocalEndpoint).Port;
        var folder = Directory.CreateTempSubdirectory("diffusionbot-downloads-").FullName;
        try
        {
            // The host's own composition with the shipped appsettings.json, bound as the Dockerfile binds it.
            await using var app = BotHost.Build([$"--Diffusion:ModelsPath={Path.Combine(folder, "models")}", $"--Jobs:ConnectionString=Data Source={Path.Combine(folder, "bot.db")}", "--urls=http://0.0.0.0:0"]);
            var downloader = app.Services.GetRequiredService<GuardedImageDownloader>();

            foreach (var url in new[] { new Uri($"http://127.0.0.1:{port}/image.png"), new Uri($"http://localhost:{port}/image.png"), new Uri("https://10.0.0.1/image.png") })
            {
                var error = await Assert.ThrowsAsync<ImageDownloadException>(() => downloader.DownloadAsync(url, new DownloadPolicy([url.Host], 1 << 20), CancellationToken.None));
                Assert.Equal(ImageDownloadFailure.PrivateAddress, error.Failure);
            }

            Assert.False(local.Pending());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// A client that reaches the host through this machine's own non-loopback address: the connection's source is that
    /// address, so the host sees a caller that is not on loopback — what a browser on the LAN or a port-forward looks like.
    /// </summary>
    private HttpClient FromTheNetwork()
    {
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? throw new InvalidOperationException("This test needs a non-loopback IPv4 interface (see `ip addr`).");
        return new HttpClient { BaseAddress = new Uri($"http://{address}:{host.Bot.Port}/") };
    }

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path.TrimStart('/'), UriKind.Relative));
        if (method == "POST")
        {
            request.Content = new StringContent("{\"text\":\"/imagine red\"}", Encoding.UTF8, "application/json");
        }

        // An allowed name, so host filtering lets the request through to the rule under test.
        request.Headers.Host = "localhost";
        return request;
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}

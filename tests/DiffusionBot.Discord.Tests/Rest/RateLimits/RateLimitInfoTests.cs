using System.Net.Http.Headers;
using DiffusionBot.Discord.Rest.RateLimits;

namespace DiffusionBot.Discord.Tests.Rest.RateLimits;

public sealed class RateLimitInfoTests
{
    [Fact]
    public void Parse_ReadsEveryHeader_WithFractionalSeconds()
    {
        using var response = new HttpResponseMessage();
        HttpResponseHeaders headers = response.Headers;
        headers.Add("X-RateLimit-Limit", "10");
        headers.Add("X-RateLimit-Remaining", "0");
        headers.Add("X-RateLimit-Reset-After", "64.57");
        headers.Add("X-RateLimit-Bucket", "abcd1234");
        headers.Add("X-RateLimit-Global", "true");
        headers.Add("X-RateLimit-Scope", "global");
        headers.Add("Retry-After", "65");

        var info = RateLimitInfo.Parse(headers);

        Assert.Equal(new RateLimitInfo(10, 0, TimeSpan.FromSeconds(64.57), "abcd1234", true, "global", TimeSpan.FromSeconds(65)), info);
    }

    [Fact]
    public void Parse_LeavesMissingHeadersEmpty()
    {
        using var response = new HttpResponseMessage();

        Assert.Equal(default, RateLimitInfo.Parse(response.Headers));
    }
}

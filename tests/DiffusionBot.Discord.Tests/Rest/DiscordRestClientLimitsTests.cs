using System.Diagnostics;
using DiffusionBot.Discord.Rest;
using DiffusionBot.Discord.Tests.Fakes;
using DiffusionBot.Discord.Wire;
using Microsoft.Extensions.Options;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Discord.Tests.Rest;

/// <summary>The client against a peer that enforces Discord's limits in real time: it never sends a request the peer refuses.</summary>
[Collection(nameof(Adapter.DiscordAdapterTests))]
public sealed class DiscordRestClientLimitsTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private readonly FakeRateLimits _limits = new();
    private FakeDiscord _fake = null!;
    private DiscordRestClient _client = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscord.StartAsync();
        _fake.Rest.RateLimits = _limits;
        _client = new DiscordRestClient(_http, Options.Create(_fake.Options()), TimeProvider.System, new ListLogger<DiscordRestClient>());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task ABurstAcross120Channels_StaysUnderTheGlobalLimit_AsThePeerCountsIt()
    {
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 120).Select(i => _client.CreateMessageAsync(41771983423143000 + (ulong)i, new MessageBody { Content = "hi" }, null, CancellationToken.None)));

        Assert.Equal([], _limits.Violations);
        Assert.Equal(120, _fake.Rest.Requests.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"120 requests in {clock.Elapsed}: faster than 50 per second");
    }

    [Fact]
    public async Task ABurstIntoOneChannel_WaitsOutTheBucket_AndNeverSendsEarly()
    {
        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => _client.CreateMessageAsync(41771983423143999, new MessageBody { Content = "hi" }, null, CancellationToken.None)));

        Assert.Equal([], _limits.Violations);
        Assert.Equal(12, _fake.Rest.Requests.Count);
        Assert.True(_limits.Exhausted >= 2);
    }
}

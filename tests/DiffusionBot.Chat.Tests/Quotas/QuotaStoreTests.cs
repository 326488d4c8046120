using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Quotas;
using DiffusionBot.Chat.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Chat.Tests.Quotas;

public sealed class QuotaStoreTests : IDisposable
{
    private static readonly QuotaScope Art = new("Discord", "guild", "art");
    private readonly string _folder = Directory.CreateTempSubdirectory("diffusionbot-quota-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    private readonly QuotaStore _quotas;

    public QuotaStoreTests()
    {
        var database = new BotDatabase(new JobsOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "bot.db")}" });
        _quotas = new QuotaStore(database, Options.Create(new QuotaOptions()), _clock);
    }

    [Fact]
    public void TryReserve_FreesImagesUp_WhenTheWindowHasPassed()
    {
        var policy = QuotaPolicyBuilder.Build(2, null, "30m", null, null);
        Assert.True(_quotas.TryReserve(Art, "ann", "r1", 1, policy).Granted);
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.True(_quotas.TryReserve(Art, "bob", "r2", 1, policy).Granted);

        var refused = _quotas.TryReserve(Art, "cat", "r3", 1, policy);
        _clock.Advance(TimeSpan.FromMinutes(20).Add(TimeSpan.FromSeconds(1)));
        var later = _quotas.TryReserve(Art, "cat", "r4", 1, policy);

        Assert.Equal("This channel has used 2 of 2 images in the last 30 min; the next one frees up in 20 min.", refused.Refusal);
        Assert.True(later.Granted);
    }

    [Fact]
    public async Task TryReserve_GrantsExactlyTheLimit_WhenThirtyTwoDispatchersReserveAtOnce()
    {
        var policy = QuotaPolicyBuilder.Build(10, 3, "24h", null, null);
        using var start = new Barrier(32);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return (User: $"user{i % 4}", Outcome: _quotas.TryReserve(Art, $"user{i % 4}", $"r{i}", 1, policy));
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));

        var granted = outcomes.Where(o => o.Outcome.Granted).ToList();
        Assert.Equal(10, granted.Count);
        Assert.All(granted.GroupBy(o => o.User), user => Assert.InRange(user.Count(), 1, 3));
        Assert.All(outcomes.Where(o => !o.Outcome.Granted), o => Assert.Matches("^(This channel has used 10 of 10 images|You have used 3 of your 3 images here) ", o.Outcome.Refusal));
        Assert.Equal(10, _quotas.Usage(Art, "user0", policy.Window).Channel);
    }

    [Fact]
    public void Resolve_FallsBackToTheWorkspace_ThenToTheConfiguredDefault()
    {
        var configured = new QuotaStore(
            new BotDatabase(new JobsOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "bot.db")}" }),
            Options.Create(new QuotaOptions { Default = new QuotaDefault { Images = 50, Per = "24h" } }),
            _clock);

        Assert.Equal((50, "the bot's default"), (configured.Resolve(Art).Policy.Images, configured.Resolve(Art).Source));
        configured.Change(Art.Workspace, QuotaPolicyBuilder.Build(100, null, "7d", null, null), "u", "admin");
        Assert.Equal(100, configured.Resolve(Art).Policy.Images);
        configured.Change(Art, QuotaPolicy.Disabled, "u", "admin");
        Assert.True(configured.Resolve(Art).Policy.Off);
        configured.Change(Art, null, "u", "admin");
        Assert.Equal("the server/workspace default", configured.Resolve(Art).Source);
        Assert.Equal(("admin", "off (no images)", "default"), (configured.LastChange(Art)!.UserName, configured.LastChange(Art)!.Before, configured.LastChange(Art)!.After));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

using DiffusionBot.Benchmarks.Quota;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Quotas;
using DiffusionBot.Chat.Storage;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Benchmarks.Tests.Quota;

public sealed class QuotaLedgerTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("diffusionbot-ledger-test-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public void Check_FindsTheLedgerExact_WhenEveryReservationWentThroughTheStore()
    {
        var (run, store) = Start();
        var attempts = ReserveSixAttempts(run, store);

        var ledger = QuotaLedger.Check(run, attempts);

        // Channel limit 3, each of two users may have 2 and tries 3: min(3, 2 + 2) = 3.
        Assert.Equal(3, ledger.ExpectedImages);
        Assert.Equal(3, ledger.LedgerImages);
        Assert.Equal(3, ledger.GrantedAnswers);
        Assert.Equal(0, ledger.GrantedNotInLedger + ledger.LedgerNotAnsweredGranted);
        Assert.True(ledger.MostImagesOneUser <= run.UserLimit);
    }

    [Fact]
    public void Check_ShowsTheOverGrant_WhenTheLedgerHoldsARowNoCallerWasToldWasGranted()
    {
        var (run, store) = Start();
        var attempts = ReserveSixAttempts(run, store);
        var unlimited = QuotaPolicyBuilder.Build(1_000, null, QuotaRun.Window, null, null);
        Assert.True(store.TryReserve(QuotaRun.Channel, "u0", "not-told", 1, unlimited).Granted);

        var ledger = QuotaLedger.Check(run, attempts);

        Assert.Equal(4, ledger.LedgerImages);
        Assert.NotEqual(ledger.ExpectedImages, ledger.LedgerImages);
        Assert.Equal(1, ledger.LedgerNotAnsweredGranted);
        Assert.Equal(3, ledger.MostImagesOneUser);
    }

    private (QuotaRun Run, QuotaStore Store) Start()
    {
        var run = new QuotaRun(JobsOptions.Sqlite, $"Data Source={Path.Combine(_folder.FullName, "bot.db")}", Concurrency: 2, Reservations: 3, ChannelLimit: 3, UserLimit: 2, Users: 2);
        var database = new BotDatabase(new JobsOptions { Storage = run.Storage, ConnectionString = run.Connection });
        return (run, new QuotaStore(database, Options.Create(new QuotaOptions()), TimeProvider.System));
    }

    /// <summary>Two callers of one process, as users u0 and u1, three reservations each, in turn.</summary>
    private static List<QuotaAttempt> ReserveSixAttempts(QuotaRun run, QuotaStore store)
    {
        var attempts = new List<QuotaAttempt>();
        for (var i = 0; i < run.Reservations; i++)
        {
            for (var caller = 0; caller < run.Concurrency; caller++)
            {
                var (id, user) = (QuotaRun.RequestId(0, caller, i), run.UserOf(0, caller));
                attempts.Add(new QuotaAttempt(id, user, 1, store.TryReserve(QuotaRun.Channel, user, id, 1, run.Policy()).Granted, null));
            }
        }

        return attempts;
    }
}

using DiffusionBot.Discord.Gateway;
using DiffusionBot.Discord.Wire;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Discord.Tests.Gateway;

public sealed class IdentifyBudgetTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly IdentifyBudget _budget;

    public IdentifyBudgetTests() => _budget = new IdentifyBudget(_time);

    [Fact]
    public void Plan_IdentifiesAtOnce_WhenPlentyIsLeftAndNoneWasSentYet()
    {
        Assert.Equal(new IdentifyWait(TimeSpan.Zero, IdentifyWaitReason.None), _budget.Plan(Limit(remaining: 999)));
        Assert.Equal(new IdentifyWait(TimeSpan.Zero, IdentifyWaitReason.None), _budget.Plan(null));
    }

    [Fact]
    public void Plan_WaitsOutTheFiveSecondWindow_AfterAnIdentify()
    {
        _budget.Identified();
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(new IdentifyWait(TimeSpan.FromSeconds(3), IdentifyWaitReason.Concurrency), _budget.Plan(Limit(remaining: 999)));
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(IdentifyWaitReason.None, _budget.Plan(Limit(remaining: 999)).Reason);
    }

    [Fact]
    public void Plan_WaitsForTheReset_WhenNoneAreLeft_EvenBeforeTheFirstIdentify()
    {
        Assert.Equal(new IdentifyWait(TimeSpan.FromHours(3), IdentifyWaitReason.Spent), _budget.Plan(Limit(remaining: 0, resetAfter: TimeSpan.FromHours(3))));
        Assert.Equal(new IdentifyWait(IdentifyBudget.MinimumResetWait, IdentifyWaitReason.Spent), _budget.Plan(Limit(remaining: 0, resetAfter: TimeSpan.Zero)));
    }

    [Fact]
    public void Plan_SpreadsTheRestUntilTheReset_WhenFewAreLeft()
    {
        _budget.Identified();
        _time.Advance(TimeSpan.FromMinutes(10));

        // 4 left over 2 h: one per 30 min, 10 of which have passed.
        Assert.Equal(
            new IdentifyWait(TimeSpan.FromMinutes(20), IdentifyWaitReason.Low),
            _budget.Plan(Limit(remaining: 4, resetAfter: TimeSpan.FromHours(2))));
        Assert.Equal(IdentifyWaitReason.None, _budget.Plan(Limit(remaining: IdentifyBudget.LowRemaining + 1, resetAfter: TimeSpan.FromHours(2))).Reason);
    }

    private static SessionStartLimit Limit(int remaining, TimeSpan? resetAfter = null) =>
        new(1000, remaining, (long)(resetAfter ?? TimeSpan.FromHours(4)).TotalMilliseconds, 1);
}

using DiffusionBot.Discord.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Discord.Tests.Gateway;

/// <summary>The daily session start limit from <c>GET /gateway/bot</c>: never spent past zero, spread when nearly gone.</summary>
public sealed partial class DiscordGatewayClientTests
{
    [Fact]
    public async Task RunAsync_WaitsForTheResetWithoutIdentifying_WhenTheIdentifyBudgetIsSpent()
    {
        _fake.Gateway.SetSessionStartLimit(remaining: 0, resetAfter: TimeSpan.FromHours(2));
        Start(_fake.Options());

        var spent = await _logger.WaitForAsync(4013);
        Assert.Equal(0, _fake.Gateway.Connections);
        _time.Advance(TimeSpan.FromHours(2));
        await _handler.WaitForAsync("READY");

        Assert.Equal(LogLevel.Error, spent.Level);
        Assert.Contains("waiting 02:00:00", spent.Message, StringComparison.Ordinal);
        Assert.Equal(1, _fake.Gateway.Identifies);
        Assert.False(_fake.Gateway.TokenReset);
    }

    [Fact]
    public async Task RunAsync_SpreadsTheLastIdentifiesUntilTheReset_WhenFewAreLeft()
    {
        _fake.Gateway.SetSessionStartLimit(remaining: 10, resetAfter: TimeSpan.FromHours(10));
        Start(_fake.Options());
        await _handler.WaitForAsync("READY");
        var low = await _logger.WaitForAsync(4015);

        await _fake.Gateway.SendRawAsync("""{"op":9,"d":false,"s":null,"t":null}""");
        var spread = await _logger.WaitForAsync(4014);
        Assert.Equal(1, _fake.Gateway.Connections);
        _time.Advance(TimeSpan.FromHours(10) / 9);

        await _fake.Gateway.WaitForAsync("identify", e => e.Connection == 2);
        await _handler.WaitForAsync("READY");
        Assert.Equal(LogLevel.Warning, low.Level);
        Assert.Contains("Only 9 of 1000 identifies left", spread.Message, StringComparison.Ordinal);
        Assert.Contains("waiting 01:06:40", spread.Message, StringComparison.Ordinal);
        Assert.Equal(2, _fake.Gateway.Identifies);
        Assert.Empty(_fake.Gateway.Rejections);
    }
}

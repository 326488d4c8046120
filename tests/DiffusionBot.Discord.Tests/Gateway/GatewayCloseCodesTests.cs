using DiffusionBot.Discord.Gateway;

namespace DiffusionBot.Discord.Tests.Gateway;

public sealed class GatewayCloseCodesTests
{
    [Theory]
    [InlineData(null, "Resume")]
    [InlineData(1001, "Resume")]
    [InlineData(4000, "Resume")]
    [InlineData(4002, "Resume")]
    [InlineData(4008, "Resume")]
    [InlineData(4001, "Reidentify")]
    [InlineData(4003, "Reidentify")]
    [InlineData(4005, "Reidentify")]
    [InlineData(4007, "Reidentify")]
    [InlineData(4009, "Reidentify")]
    [InlineData(4004, "Fatal")]
    [InlineData(4010, "Fatal")]
    [InlineData(4011, "Fatal")]
    [InlineData(4012, "Fatal")]
    [InlineData(4013, "Fatal")]
    [InlineData(4014, "Fatal")]
    public void Classify_FollowsDiscordsReconnectAndResumeColumns(int? code, string expected)
    {
        var (action, cause) = GatewayCloseCodes.Classify(code);

        Assert.Equal(expected, action.ToString());
        Assert.Equal(expected == nameof(ReconnectAction.Fatal), cause is not null);
    }
}

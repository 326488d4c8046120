using DiffusionBot.Chat.Quotas;

namespace DiffusionBot.Chat.Tests.Quotas;

public sealed class QuotaDurationTests
{
    [Theory]
    [InlineData("30m", 30)]
    [InlineData("1h", 60)]
    [InlineData("24h", 1440)]
    [InlineData("7d", 10080)]
    [InlineData("1m", 1)]
    [InlineData("30d", 43200)]
    public void Parse_ReadsMinutesHoursAndDays(string text, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), QuotaDuration.Parse(text));

    [Theory]
    [InlineData(8040, "2 h 14 min")]
    [InlineData(45, "45 s")]
    [InlineData(90000, "1 d 1 h")]
    public void Until_WritesWhatPeopleRead(int seconds, string expected) =>
        Assert.Equal(expected, QuotaDuration.Until(TimeSpan.FromSeconds(seconds)));
}

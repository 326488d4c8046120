using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Quotas;
using DiffusionBot.Chat.Tests.Jobs;

namespace DiffusionBot.Chat.Tests.Quotas;

public sealed class QuotaTextParserTests
{
    private static readonly CommandOrigin Origin = JobsHarness.Origin(admin: true);

    [Fact]
    public void Parse_ReadsSetWithEveryWord()
    {
        var change = Assert.IsType<ChangeQuota>(QuotaTextParser.Parse("/quota set 20 per 24h user 5 steps 40 pixels 262144", Origin));

        var set = Assert.IsType<QuotaChange.Set>(change.Change);
        Assert.Equal(new QuotaPolicy(false, 20, 5, TimeSpan.FromHours(24), 40, 262144), set.Policy);
        Assert.False(set.ForWorkspace);
    }

    [Theory]
    [InlineData("/quota", typeof(ShowQuota))]
    [InlineData("/quota show", typeof(ShowQuota))]
    [InlineData("/quota off", typeof(ChangeQuota))]
    [InlineData("/quota clear server", typeof(ChangeQuota))]
    public void Parse_ReadsTheOtherSubcommands(string text, Type expected) =>
        Assert.IsType(expected, QuotaTextParser.Parse(text, Origin));

    [Fact]
    public void Parse_SetsTheWorkspaceDefault_WithServerAtTheEnd() =>
        Assert.True(Assert.IsType<ChangeQuota>(QuotaTextParser.Parse("/quota set 100 per 7d workspace", Origin)).Change.ForWorkspace);

    [Theory]
    [InlineData("/quota set -5 per 24h", "images must be a whole number of 1 or more (you wrote -5).")]
    [InlineData("/quota set 10 per 0m", "The window must be between 1 minute and 30 days (you wrote 0m).")]
    [InlineData("/quota set 10 per 400d", "The window must be between 1 minute and 30 days (you wrote 400d).")]
    [InlineData("/quota set 10 per 24h user 20", "The per-person limit (20) cannot be above the channel's (10).")]
    [InlineData("/quota set 10 per soon", "'soon' is not a duration; write it like 30m, 1h, 24h or 7d.")]
    [InlineData("/quota set 10 every 24h", "Unknown word 'every'; e.g. /quota set 20 per 24h user 5.")]
    [InlineData("/quota set 10 per", "'per' needs a value; e.g. /quota set 20 per 24h user 5.")]
    [InlineData("/quota set", "Give at least one limit, e.g. /quota set 20 per 24h user 5.")]
    [InlineData("/quota reset", "Unknown /quota command 'reset'; use show, set, off or clear.")]
    [InlineData("/quota off now", "/quota off takes no more words (got 'now').")]
    [InlineData("/quota set ten per 24h", "Unknown word 'ten'; e.g. /quota set 20 per 24h user 5.")]
    public void Parse_RefusesBadInput_WithOnePoliteLine(string text, string message)
    {
        var error = Assert.Throws<QuotaException>(() => QuotaTextParser.Parse(text, Origin));

        Assert.Equal(message, error.Message);
    }
}

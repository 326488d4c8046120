using DiffusionBot.Chat.Replies;

namespace DiffusionBot.Chat.Tests.Replies;

public sealed class PreviewOptionsValidatorTests
{
    private readonly PreviewOptionsValidator _validator = new();

    [Fact]
    public void Validate_Succeeds_ForTheDefaults() =>
        Assert.True(_validator.Validate(null, new PreviewOptions()).Succeeded);

    [Theory]
    [InlineData(-1)]
    [InlineData(61_000)]
    public void Validate_NamesTheInterval_WhenItIsOutOfRange(int milliseconds)
    {
        var result = _validator.Validate(null, new PreviewOptions { Interval = TimeSpan.FromMilliseconds(milliseconds) });

        Assert.True(result.Failed);
        Assert.Contains(nameof(PreviewOptions.Interval), result.FailureMessage, StringComparison.Ordinal);
    }
}

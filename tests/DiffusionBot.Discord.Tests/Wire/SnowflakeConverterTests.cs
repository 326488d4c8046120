using System.Text.Json;
using DiffusionBot.Discord.Wire;

namespace DiffusionBot.Discord.Tests.Wire;

public sealed class SnowflakeConverterTests
{
    [Fact]
    public void Snowflakes_AreWrittenAsStrings_AndReadFromStringsOrNumbers()
    {
        var json = JsonSerializer.Serialize(new DiscordMessage(18446744073709551615, 1, null), DiscordJsonContext.Default.DiscordMessage);
        var fromNumber = JsonSerializer.Deserialize("""{"id":42,"channel_id":"7"}""", DiscordJsonContext.Default.DiscordMessage);

        Assert.Equal("""{"id":"18446744073709551615","channel_id":"1"}""", json);
        Assert.Equal(new DiscordMessage(42, 7, null), fromNumber);
    }

    [Fact]
    public void Read_Throws_WhenTheSnowflakeIsNotANumber()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"id":"abc","channel_id":"7"}""", DiscordJsonContext.Default.DiscordMessage));
    }
}

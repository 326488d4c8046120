using System.Text.Json;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Quotas;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Discord.Mapping;
using DiffusionBot.Discord.Wire;

namespace DiffusionBot.Discord.Tests.Mapping;

public sealed class QuotaCommandTests
{
    private static readonly CommandOrigin Origin = new(
        ChatPlatform.Discord, "g", "c", null, "u", "Mason", IsAdmin: true, ChannelIsNsfw: false, new ReplyAddress(ChatPlatform.Discord, "c", "g", null, null, "t", DateTimeOffset.UnixEpoch));

    [Theory]
    [InlineData("16", true)]
    [InlineData("8", true)]
    [InlineData("2147483647", true)]
    [InlineData("32", false)]
    [InlineData("35840", false)]
    [InlineData("0", false)]
    [InlineData("-16", false)]
    [InlineData("lots", false)]
    [InlineData(null, false)]
    public void MayChange_NeedsManageChannelsOrAdministrator(string? permissions, bool expected) =>
        Assert.Equal(expected, QuotaCommand.MayChange(new GuildMember(null, null, permissions)));

    [Fact]
    public void MayChange_IsFalseInADirectMessage() => Assert.False(QuotaCommand.MayChange(null));

    [Fact]
    public void Set_ReadsEveryOption_AndServerMeansTheServerDefault()
    {
        var command = QuotaCommand.Read(Data("set", ("images", 4, 20), ("user_images", 4, 5), ("per", 3, "7d"), ("max_steps", 4, 40), ("max_pixels", 4, 1048576), ("server", 5, true)))(Origin);

        var set = Assert.IsType<QuotaChange.Set>(Assert.IsType<ChangeQuota>(command).Change);
        Assert.True(set.ForWorkspace);
        Assert.Equal(new QuotaPolicy(false, 20, 5, TimeSpan.FromDays(7), 40, 1048576), set.Policy);
    }

    [Fact]
    public void ShowOffAndClear_MapToTheirCommands()
    {
        Assert.IsType<ShowQuota>(QuotaCommand.Read(Data("show"))(Origin));
        Assert.Equal(new QuotaChange.TurnOff(false), Assert.IsType<ChangeQuota>(QuotaCommand.Read(Data("off"))(Origin)).Change);
        Assert.Equal(new QuotaChange.Clear(true), Assert.IsType<ChangeQuota>(QuotaCommand.Read(Data("clear", ("server", 5, true)))(Origin)).Change);
    }

    [Theory]
    [InlineData("set")]
    [InlineData("reset")]
    public void BadInput_IsOnePoliteLine(string subcommand)
    {
        var e = Assert.Throws<QuotaException>(() => QuotaCommand.Read(Data(subcommand)));
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("per", 3, "400d")]
    [InlineData("per", 3, "0")]
    [InlineData("images", 4, -1)]
    [InlineData("images", 4, 3000000000)]
    public void BadValues_AreRefused(string name, int type, object value) =>
        Assert.Throws<QuotaException>(() => QuotaCommand.Read(Data("set", ("images", 4, 5), (name, type, value))));

    private static InteractionData Data(string subcommand, params (string Name, int Type, object Value)[] options)
    {
        var byName = options.GroupBy(o => o.Name).Select(g => g.Last());
        var sub = new InteractionOption(subcommand, 1, default, [.. byName.Select(o => new InteractionOption(o.Name, o.Type, JsonSerializer.SerializeToElement(o.Value)))]);
        return new InteractionData("quota", [sub], null, null, null);
    }
}

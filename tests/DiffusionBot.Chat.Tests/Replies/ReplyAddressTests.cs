using System.Text.Json;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Replies;

namespace DiffusionBot.Chat.Tests.Replies;

public sealed class ReplyAddressTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static readonly ReplyAddress Full = new(
        ChatPlatform.Discord,
        "1300000000000000001",
        WorkspaceId: "1200000000000000001",
        ThreadId: "1300000000000000002",
        MessageId: "1300000000000000003",
        InteractionToken: "aW50ZXJhY3Rpb24tdG9rZW4",
        InteractionExpiresAt: Issued.AddMinutes(15));

    [Fact]
    public void FromJson_ReturnsAnEqualAddress_WhenEveryFieldIsSet() =>
        Assert.Equal(Full, ReplyAddress.FromJson(Full.ToJson()));

    [Fact]
    public void FromJson_ReturnsAnEqualAddress_WhenOnlyTheChannelIsSet()
    {
        var minimal = new ReplyAddress(ChatPlatform.Slack, "C024BE91L");

        Assert.Equal(minimal, ReplyAddress.FromJson(minimal.ToJson()));
    }

    [Fact]
    public void ToJson_WritesCamelCaseNamesAndThePlatformByName_AndLeavesOutNulls()
    {
        var json = new ReplyAddress(ChatPlatform.Playground, "local", MessageId: "m1").ToJson();

        Assert.Equal("""{"platform":"Playground","channelId":"local","messageId":"m1"}""", json);
    }

    [Fact]
    public void FromJson_KeepsTheExpiryInstant_WhenItHasAnOffset()
    {
        var address = Full with { InteractionExpiresAt = new DateTimeOffset(2026, 11, 25, 11, 15, 0, TimeSpan.FromHours(1)) };

        var read = ReplyAddress.FromJson(address.ToJson());

        Assert.Equal(address.InteractionExpiresAt, read.InteractionExpiresAt);
        Assert.Equal(address.InteractionExpiresAt!.Value.Offset, read.InteractionExpiresAt!.Value.Offset);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"platform\":\"Teams\",\"channelId\":\"x\"}")]
    [InlineData("not json")]
    public void FromJson_ThrowsJsonException_WhenTheTextIsNotAnAddress(string json) =>
        Assert.Throws<JsonException>(() => ReplyAddress.FromJson(json));

    [Fact]
    public void CanUseInteraction_IsTrue_BeforeTheTokenExpires() =>
        Assert.True(Full.CanUseInteraction(Issued.AddMinutes(14)));

    [Fact]
    public void CanUseInteraction_IsFalse_OnceTheTokenExpired() =>
        Assert.False(Full.CanUseInteraction(Issued.AddMinutes(15)));

    [Fact]
    public void CanUseInteraction_IsFalse_WhenThereIsNoToken() =>
        Assert.False((Full with { InteractionToken = null }).CanUseInteraction(Issued));

    [Fact]
    public void ToString_MasksTheInteractionToken()
    {
        var text = Full.ToString();

        Assert.DoesNotContain(Full.InteractionToken!, text, StringComparison.Ordinal);
        Assert.Contains("InteractionToken = ***", text, StringComparison.Ordinal);
        Assert.Contains("ChannelId = 1300000000000000001", text, StringComparison.Ordinal);
    }
}

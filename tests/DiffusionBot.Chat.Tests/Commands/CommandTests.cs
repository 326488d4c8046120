using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Chat.Replies;

namespace DiffusionBot.Chat.Tests.Commands;

public sealed class CommandTests
{
    private static readonly CommandOrigin Origin = new(
        ChatPlatform.Slack,
        WorkspaceId: "T1",
        ChannelId: "C1",
        ThreadId: "1700000000.000100",
        UserId: "U1",
        UserDisplayName: "Ada",
        IsAdmin: false,
        ChannelIsNsfw: false,
        ReplyAddress: new ReplyAddress(ChatPlatform.Slack, "C1", WorkspaceId: "T1"));

    public static TheoryData<Command, string> EveryCommand => new()
    {
        { new Imagine(Origin, new PromptSpec { Prompt = "a fox" }), "imagine a fox" },
        { new Vary(Origin, "r1", 2), "vary r1 #3" },
        { new Reroll(Origin, "r1"), "reroll r1" },
        { new Img2Img(Origin, new PromptSpec { Prompt = "a fox" }, new RemoteImage(new Uri("https://cdn.example/a.png"))), "img2img https://cdn.example/a.png" },
        { new Img2Img(Origin, new PromptSpec { Prompt = "a fox" }, new InlineImage([1, 2])), "img2img 2 bytes" },
        { new Upscale(Origin, "r1", 0), "upscale r1 #1" },
        { new Cancel(Origin), "cancel latest" },
        { new Cancel(Origin, "q9"), "cancel q9" },
        { new Info(Origin), "info" },
    };

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public void Switch_HandlesEveryCommand_AndKeepsItsOrigin(Command command, string expected)
    {
        Assert.Equal(expected, Describe(command));
        Assert.Same(Origin, command.Origin);
    }

    [Fact]
    public void Equals_ComparesByValue_ForCommandsWithoutArrays() =>
        Assert.Equal(new Vary(Origin, "r1", 2), new Vary(Origin with { }, "r1", 2));

    // The shape the dispatcher takes: one switch over the closed set.
    private static string Describe(Command command) => command switch
    {
        Imagine imagine => $"imagine {imagine.Prompt.Prompt}",
        Vary vary => $"vary {vary.ResultId} #{vary.ImageIndex + 1}",
        Reroll reroll => $"reroll {reroll.ResultId}",
        Img2Img { Image: RemoteImage remote } => $"img2img {remote.Url}",
        Img2Img { Image: InlineImage inline } => $"img2img {inline.Bytes.Length} bytes",
        Upscale upscale => $"upscale {upscale.ResultId} #{upscale.ImageIndex + 1}",
        Cancel cancel => $"cancel {cancel.RequestId ?? "latest"}",
        Info => "info",
        _ => throw new InvalidOperationException($"Unhandled command {command.GetType().Name}."),
    };
}

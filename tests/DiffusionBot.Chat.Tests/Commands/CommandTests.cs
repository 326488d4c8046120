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

    public static TheoryData<Command> EveryCommand => new(Samples);

    private static readonly Command[] Samples =
    [
        new Imagine(Origin, new PromptSpec { Prompt = "a fox" }),
        new Vary(Origin, "r1", 2),
        new Reroll(Origin, "r1"),
        new Img2Img(Origin, new PromptSpec { Prompt = "a fox" }, new RemoteImage(new Uri("https://cdn.example/a.png"))),
        new Img2Img(Origin, new PromptSpec { Prompt = "a fox" }, new InlineImage([1, 2])),
        new Upscale(Origin, "r1", 0),
        new EditImage(Origin, "r1", 0, "zoom:2"),
        new Cancel(Origin),
        new Cancel(Origin, "q9"),
        new Info(Origin),
        new ShowQuota(Origin),
        new ChangeQuota(Origin, new Chat.Quotas.QuotaChange.TurnOff()),
    ];

    [Fact]
    public void EveryCommand_CoversEveryCommandType() =>
        Assert.Equal(
            typeof(Command).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Command)) && !t.IsAbstract).Select(t => t.Name).Order(),
            Samples.Select(command => command.GetType().Name).Distinct().Order());

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public async Task Dispatcher_AnswersEveryCommand_WithoutFallingThroughItsSwitch(Command command)
    {
        using var bot = new Jobs.JobsHarness(folder => new Chat.Jobs.JobsOptions { ConnectionString = $"Data Source={Path.Combine(folder, "bot.db")}" });

        var outcome = await bot.Dispatcher.DispatchAsync(command, CancellationToken.None);

        Assert.NotEqual(Chat.Jobs.CommandDispatcher.Unsupported, outcome.Message);
        Assert.NotEqual(Chat.Jobs.CommandDispatcher.UnexpectedFailure, outcome.Message);
    }

    [Fact]
    public void Equals_ComparesByValue_ForCommandsWithoutArrays() =>
        Assert.Equal(new Vary(Origin, "r1", 2), new Vary(Origin with { }, "r1", 2));
}

using DiffusionBot.Chat.Replies;
using DiffusionBot.Diffusion;
using DiffusionBot.Discord.Hosting;
using DiffusionBot.Discord.Mapping;
using DiffusionBot.Discord.Replies;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord.Tests.Replies;

public sealed class DiscordReplyRowsTests
{
    [Fact]
    public void Rows_FitFiveRowsOfFive_AndCarryEveryAction_ForEveryImageCountDiscordAllows()
    {
        for (var count = 1; count <= DiscordReply.MaxImages; count++)
        {
            var post = new ResultPost("r1", [], "p", ResultAction.ForGrid(count));

            var rows = DiscordReply.Rows(post);

            Assert.InRange(rows.Count, 1, DiscordReply.MaxRows);
            Assert.All(rows, row => Assert.InRange(row.Components!.Count, 1, DiscordReply.ButtonsPerRow));
            var ids = rows.SelectMany(r => r.Components!).Select(b => b.CustomId).ToList();
            Assert.Equal(post.Actions.Select(a => ResultButtonId.Format("r1", a)), ids);
        }
    }

    [Fact]
    public void Validate_NamesDiffusionMaxImages_WhenItAllowsMoreImagesThanADiscordMessageCanShow()
    {
        var options = new DiscordOptions { Token = "t", ApplicationId = 1 };

        var tooMany = new DiscordOptionsCustomValidator(Options.Create(new EngineOptions { MaxImages = DiscordReply.MaxImages + 1 })).Validate(null, options);
        var enough = new DiscordOptionsCustomValidator(Options.Create(new EngineOptions { MaxImages = DiscordReply.MaxImages })).Validate(null, options);

        Assert.True(tooMany.Failed);
        Assert.Contains("Diffusion:MaxImages", tooMany.FailureMessage, StringComparison.Ordinal);
        Assert.True(enough.Succeeded, enough.FailureMessage);
    }
}

using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Slack.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Slack.Tests.Adapter;

[Collection(AdapterCollection.Name)]
public sealed partial class SlackSocketModeAdapterTests(SocketModeFixture fixture, ITestOutputHelper output) : IClassFixture<SocketModeFixture>
{
    private FakeSlack Fake => fixture.Bot.Fake;

    private FakeSocket Socket => fixture.Socket;

    [Fact]
    public async Task Imagine_AcksThenPostsARedImageWithButtonsInTheThread_WhenSentOverSocketMode()
    {
        var sent = Stopwatch.StartNew();
        await Socket.SendAsync(SlackBot.SlashCommand("env-imagine", "C-IMAGINE", "red --size 512x512 --steps 120 --seed 1", "trig-imagine"));
        var ack = await Socket.NextReceivedAsync();
        var ackMs = sent.Elapsed.TotalMilliseconds;
        output.WriteLine($"envelope sent → ack received: {ackMs:F1} ms");

        Assert.Equal("""{"envelope_id":"env-imagine"}""", ack);
        // Slack's deadline; how fast the ack really is, the slack benchmark measures.
        Assert.True(ackMs < 3000, $"ack took {ackMs} ms");
        var result = await ResultAsync("C-IMAGINE");

        Assert.StartsWith("Done", result.Status.Text, StringComparison.Ordinal);
        var file = Assert.Single(Fake.Thread("C-IMAGINE", result.Status.Ts), m => m.Files.Count > 0).Files.Single();
        var png = Fake.FileBytes(file.Id);
        Assert.True(Colours.IsRed(png), $"mean colour {Colours.Mean(png)}");
        var actions = ActionIds(result.Buttons);
        Assert.Equal(["upscale:0", "vary:0", "reroll"], actions);

        // The previews were shared into the thread, where everyone in the channel can see them, and are all gone now.
        var previews = PreviewFiles("C-IMAGINE", result.Status.Ts);
        Assert.NotEmpty(previews);
        Assert.Contains(previews, p => p.SharedInThread == result.Status.Ts);
        Assert.All(previews, p => Assert.True(p.Deleted, $"preview {p.Name} was left behind"));
        var jpeg = Fake.FileBytes(previews[0].Id);
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        using var shown = UntrustedImageDecoder.Decode(jpeg, int.MaxValue, int.MaxValue);
        Assert.True(shown.Width > 0 && shown.Height > 0);
        Assert.DoesNotContain(Fake.Failures, f => f.Channel == "C-IMAGINE");
    }

    [Fact]
    public async Task Buttons_StartARerollAndPostThePickedImage_WhenPressed()
    {
        var first = await ImagineAsync("C-BUTTONS", "red --size 64x64 --steps 2 --seed 2");

        await Socket.SendAsync(SlackBot.ButtonPress("env-reroll", "C-BUTTONS", first.Buttons.Ts, first.Status.Ts, "reroll", first.ResultId));
        Assert.Equal("""{"envelope_id":"env-reroll"}""", await Socket.NextReceivedAsync());
        var second = await ResultAsync("C-BUTTONS", index: 1);

        Assert.NotEqual(first.ResultId, second.ResultId);
        Assert.Contains("new seeds", second.Status.History[0], StringComparison.Ordinal);

        await Socket.SendAsync(SlackBot.ButtonPress("env-upscale", "C-BUTTONS", first.Buttons.Ts, first.Status.Ts, "upscale:0", first.ResultId));
        Assert.Equal("""{"envelope_id":"env-upscale"}""", await Socket.NextReceivedAsync());
        var picked = await SlackBot.WaitForAsync(() => ButtonMessages(first.Status.Ts).Skip(1).FirstOrDefault(), "the picked image");
        Assert.Equal(["edit:0:vary:subtle", "edit:0:vary:strong", "edit:0:upscale", "edit:0:zoom:2", "edit:0:zoom:1.5", "edit:0:pan:left", "edit:0:pan:right", "edit:0:pan:up", "edit:0:pan:down", "region:0"], ActionIds(picked));
    }

    [Fact]
    public async Task ZoomButton_AndRegionMenu_OpenAFormWithThePrompt_ThenRepaintThePickedImage_WithTheEditedPrompt()
    {
        var first = await ImagineAsync("C-EDITS", "green --size 64x64 --steps 2 --seed 5");

        await Socket.SendAsync(SlackBot.ButtonPress("env-zoom", "C-EDITS", first.Buttons.Ts, first.Status.Ts, "edit:0:zoom:2", first.ResultId));
        Assert.Equal("""{"envelope_id":"env-zoom"}""", await Socket.NextReceivedAsync());
        var zoomForm = await FormAsync("Zoom Out 2×");
        await Socket.SendAsync(SlackBot.ViewSubmission("env-zoom-form", zoomForm, "red"));
        Assert.Equal("""{"envelope_id":"env-zoom-form"}""", await Socket.NextReceivedAsync());
        var zoomed = await ResultAsync("C-EDITS", index: 1);
        await Socket.SendAsync(SlackBot.SelectPress("env-region", "C-EDITS", first.Buttons.Ts, first.Status.Ts, "region:0", $"{first.ResultId}|region:left"));
        Assert.Equal("""{"envelope_id":"env-region"}""", await Socket.NextReceivedAsync());
        var regionForm = await FormAsync("Left half");
        await Socket.SendAsync(SlackBot.ViewSubmission("env-region-form", regionForm, "yellow"));
        Assert.Equal("""{"envelope_id":"env-region-form"}""", await Socket.NextReceivedAsync());
        var region = await ResultAsync("C-EDITS", index: 2);

        var prefilled = zoomForm.GetProperty("blocks")[0].GetProperty("element").GetProperty("initial_value").GetString();
        Assert.Equal("green", prefilled);

        var requests = fixture.Bot.Services.GetRequiredService<DiffusionBot.Chat.Storage.RequestStore>();
        Assert.Contains("Zoom Out 2×", zoomed.Status.History[0], StringComparison.Ordinal);
        Assert.Contains("Left half", region.Status.History[0], StringComparison.Ordinal);
        foreach (var (result, edit, prompt) in new[] { (zoomed, "zoom:2", "red"), (region, "region:left", "yellow") })
        {
            var stored = requests.Get(result.ResultId)!;
            Assert.Equal("edit", stored.Kind);
            Assert.Equal(first.ResultId, stored.ParentId);
            Assert.Contains($"\"edit\":\"{edit}\"", stored.SpecJson, StringComparison.Ordinal);
            Assert.Contains($"\"prompt\":\"{prompt}\"", stored.SpecJson, StringComparison.Ordinal);
            Assert.Contains("region:0", ActionIds(result.Buttons));
        }
    }

    [Fact]
    public async Task ZoomButton_WhoseTriggerExpired_ZoomsWithTheImagesOwnPrompt_InsteadOfAForm()
    {
        var first = await ImagineAsync("C-LATE", "green --size 64x64 --steps 2 --seed 6");
        Fake.ExpireTrigger("trigger-env-late");

        await Socket.SendAsync(SlackBot.ButtonPress("env-late", "C-LATE", first.Buttons.Ts, first.Status.Ts, "edit:0:zoom:1.5", first.ResultId));
        Assert.Equal("""{"envelope_id":"env-late"}""", await Socket.NextReceivedAsync());
        var zoomed = await ResultAsync("C-LATE", index: 1);

        Assert.Contains(Fake.Failures, f => f.Method == "views.open" && f.Error == "expired_trigger_id");
        var stored = fixture.Bot.Services.GetRequiredService<DiffusionBot.Chat.Storage.RequestStore>().Get(zoomed.ResultId)!;
        Assert.Contains("\"edit\":\"zoom:1.5\"", stored.SpecJson, StringComparison.Ordinal);
        Assert.Contains("\"prompt\":\"green\"", stored.SpecJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reaction_StartsAVariationOfThatImage_WhenANumberIsAddedToAResult()
    {
        var first = await ImagineAsync("C-REACT", "red --size 64x64 --steps 2 --seed 3");

        await Socket.SendAsync(SlackBot.Event("env-react", "Ev-react", new { type = "reaction_added", user = "U222", reaction = "one", item_user = "UBOT", item = new { type = "message", channel = "C-REACT", ts = first.Buttons.Ts }, event_ts = "1.1" }));
        await Socket.NextReceivedAsync();
        var varied = await ResultAsync("C-REACT", index: 1);

        Assert.Contains("variations of image 1", varied.Status.History[0], StringComparison.Ordinal);
        Assert.NotEqual(first.ResultId, varied.ResultId);
    }

    [Fact]
    public async Task Reaction_IsIgnored_WhenTheBotItselfReacted()
    {
        var first = await ImagineAsync("C-SELF", "red --size 64x64 --steps 2 --seed 4");

        await Socket.SendAsync(SlackBot.Event("env-self", "Ev-self", new { type = "reaction_added", user = "UBOT", reaction = "repeat", item = new { type = "message", channel = "C-SELF", ts = first.Buttons.Ts }, event_ts = "1.1" }));
        await Socket.NextReceivedAsync();
        await Socket.SendAsync(SlackBot.SlashCommand("env-self-2", "C-SELF-2", "red --size 64x64 --steps 2", "trig-self-2"));
        await Socket.NextReceivedAsync();
        await ResultAsync("C-SELF-2");

        Assert.Single(TopLevel("C-SELF"));
    }

    [Fact]
    public async Task ThreadReply_StartsImg2ImgWithTheRepliesText_WhenItCarriesAnImage()
    {
        var first = await ImagineAsync("C-REPLY", "red --size 64x64 --steps 2 --seed 5");
        Fake.Picture = Fake.FileBytes(Fake.Thread("C-REPLY", first.Status.Ts).First(m => m.Files.Count > 0).Files[0].Id);

        await Socket.SendAsync(SlackBot.Event("env-reply", "Ev-reply", ThreadReply("C-REPLY", first.Status.Ts, "blue --steps 2 --strength 0.9", "picture.png")));
        await Socket.NextReceivedAsync();
        var status = await SlackBot.WaitForAsync(() => Fake.Thread("C-REPLY", first.Status.Ts).FirstOrDefault(m => m.History.Count > 0 && m.History[0].Contains("repainting", StringComparison.Ordinal)), "the img2img status");
        var buttons = await SlackBot.WaitForAsync(() => ButtonMessages(first.Status.Ts).FirstOrDefault(b => ResultId(b) != first.ResultId), "the img2img result");

        Assert.NotNull(status);
        Assert.Contains(Fake.Downloads, d => d.Path == "/files/picture.png" && d.Authorization == "Bearer " + FakeSlack.BotToken);
        Assert.Contains("blue", buttons.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThreadReply_ExplainsPolitelyAndStartsNothing_WhenSlackServesALoginPage()
    {
        var whisper = await RefusedReplyAsync("C-LOGIN", "login");

        Assert.Contains("sign-in page", whisper, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redelivery_StartsOneJob_WhenTheEnvelopeOrTheTriggerComesAgain()
    {
        await Socket.SendAsync(SlackBot.SlashCommand("env-dup", "C-DUP", "red --size 64x64 --steps 2", "trig-dup"));
        await Socket.SendAsync(SlackBot.SlashCommand("env-dup", "C-DUP", "red --size 64x64 --steps 2", "trig-dup", retryAttempt: 1));
        await Socket.SendAsync(SlackBot.SlashCommand("env-dup-2", "C-DUP", "red --size 64x64 --steps 2", "trig-dup", retryAttempt: 2));
        string[] acks = [await Socket.NextReceivedAsync(), await Socket.NextReceivedAsync(), await Socket.NextReceivedAsync()];
        await ResultAsync("C-DUP");

        // The repeated envelope id never reaches the handler; the new envelope with the old trigger does, and once its
        // handling has returned it can no longer start a job.
        await fixture.Bot.Services.GetRequiredService<HandledEnvelopes>().HandledAsync("env-dup-2");

        Assert.Equal(["env-dup", "env-dup", "env-dup-2"], acks.Select(a => JsonDocument.Parse(a).RootElement.GetProperty("envelope_id").GetString()));
        Assert.Single(TopLevel("C-DUP"));
    }

    [Fact]
    public async Task Imagine_EscapesMentionsInEveryEcho_WhenThePromptPingsTheChannel()
    {
        await Socket.SendAsync(SlackBot.SlashCommand("env-ping", "C-PING", "<!channel> <@U123> & <!here> red --size 64x64 --steps 2", "trig-ping"));
        await Socket.NextReceivedAsync();
        var result = await ResultAsync("C-PING");

        var texts = Fake.Messages.Where(m => m.Channel == "C-PING").SelectMany(m => m.History).ToList();
        Assert.NotEmpty(texts);
        Assert.All(texts, t => Assert.DoesNotContain("<!channel>", t, StringComparison.Ordinal));
        Assert.All(texts, t => Assert.DoesNotContain("<@U123>", t, StringComparison.Ordinal));
        Assert.Contains("&lt;!channel&gt; &lt;@U123&gt; &amp; &lt;!here&gt;", result.Buttons.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imagine_WhispersTheReasonAndPostsNothing_WhenAFlagIsBad()
    {
        await Socket.SendAsync(SlackBot.SlashCommand("env-bad", "C-BAD", "red --steps banana", "trig-bad"));
        await Socket.NextReceivedAsync();
        var whisper = await SlackBot.WaitForAsync(() => Fake.RequestsFor("chat.postEphemeral").FirstOrDefault(r => r.Json!.Value.GetProperty("channel").GetString() == "C-BAD"), "the refusal");

        Assert.Equal("U222", whisper.Json!.Value.GetProperty("user").GetString());
        Assert.Empty(TopLevel("C-BAD"));
    }

    private object ThreadReply(string channel, string threadTs, string text, string path, string host = "127.0.0.1") => new
    {
        type = "message",
        subtype = "file_share",
        text,
        user = "U222",
        ts = "1800000000.000001",
        thread_ts = threadTs,
        channel,
        channel_type = "channel",
        files = new[]
        {
            new { id = "F999", name = "mine.png", mimetype = "image/png", url_private = $"http://{host}:{Fake.BaseUri.Port}/files/{path}", url_private_download = $"http://{host}:{Fake.BaseUri.Port}/files/{path}" },
        },
    };

    private async Task<Result> ImagineAsync(string channel, string text)
    {
        await Socket.SendAsync(SlackBot.SlashCommand("env-" + channel, channel, text, "trig-" + channel));
        await Socket.NextReceivedAsync();
        return await ResultAsync(channel);
    }

    private FakeMessage[] TopLevel(string channel) => [.. Fake.Messages.Where(m => m.Channel == channel && m.ThreadTs is null && !m.Deleted)];

    private FakeMessage[] ButtonMessages(string threadTs) => [.. Fake.Messages.Where(m => m.ThreadTs == threadTs && m.Blocks?.GetRawText().Contains("\"actions\"", StringComparison.Ordinal) == true)];

    /// <summary>The <paramref name="index"/>th status message of a channel, once its result's buttons are in its thread.</summary>
    private async Task<Result> ResultAsync(string channel, int index = 0)
    {
        var status = await SlackBot.WaitForAsync(() => TopLevel(channel).Skip(index).FirstOrDefault(), $"status {index} in {channel}");
        var buttons = await SlackBot.WaitForAsync(() => ButtonMessages(status.Ts).FirstOrDefault(), $"the buttons of status {index} in {channel}");
        await SlackBot.WaitForAsync(() => status.Text?.StartsWith("Done", StringComparison.Ordinal) == true ? status : null, "the status to say done");
        await Fake.WhenSharesSettledAsync();
        return new Result(status, buttons, ResultId(buttons));
    }

    private static string ResultId(FakeMessage buttons) =>
        buttons.Blocks!.Value.EnumerateArray().First(b => b.GetProperty("type").GetString() == "actions").GetProperty("elements")[0].GetProperty("value").GetString()!;

    private static string[] ActionIds(FakeMessage buttons) =>
        [.. buttons.Blocks!.Value.EnumerateArray().Where(b => b.GetProperty("type").GetString() == "actions").SelectMany(b => b.GetProperty("elements").EnumerateArray()).Select(e => e.GetProperty("action_id").GetString()!)];

    /// <summary>The preview files uploaded for a status message, oldest first.</summary>
    private FakeFile[] PreviewFiles(string channel, string statusTs) =>
        [.. Fake.Files.Values.Where(f => f.Name.StartsWith("dbot-preview-" + statusTs + "-", StringComparison.Ordinal)).OrderBy(f => f.Id.Length).ThenBy(f => f.Id, StringComparer.Ordinal)];

    private sealed record Result(FakeMessage Status, FakeMessage Buttons, string ResultId);

    /// <summary>The modal the bot opened whose title is <paramref name="title"/> (views.open through the fake).</summary>
    private async Task<JsonElement> FormAsync(string title) =>
        (await SlackBot.WaitForAsync(() => Fake.OpenedViews.Where(v => v.GetProperty("title").GetProperty("text").GetString() == title).Select(v => new StrongBox<JsonElement>(v)).LastOrDefault(), "the edit form")).Value;
}

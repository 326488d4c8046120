using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Playground.Messages;
using DiffusionBot.TestSupport;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DiffusionBot.Playground.Tests;

/// <summary>The reply's storage contract, on a scratch SQLite database (no host).</summary>
public sealed class PlaygroundReplyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("diffusionbot-reply-").FullName;
    private readonly PlaygroundMessageStore _store;
    private readonly PlaygroundReply _reply;

    public PlaygroundReplyTests()
    {
        var database = new BotDatabase(new JobsOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "bot.db")}" });
        _store = new PlaygroundMessageStore(database, TimeProvider.System, Options.Create(new PlaygroundOptions()));
        _reply = new PlaygroundReply(_store);
    }

    [Fact]
    public async Task PostResultAsync_PostsOneMessage_WhenCalledTwiceWithTheSameResultId()
    {
        var status = _store.Insert(MessageKind.Status, "Painting now…");
        var address = Address(status);
        var post = new ResultPost("request-1", [new ResultImage(new byte[] { 1, 2, 3 }, 7)], "red", ResultAction.ForGrid(1));

        var first = await _reply.PostResultAsync(address, post, CancellationToken.None);
        var second = await _reply.PostResultAsync(address, post, CancellationToken.None);

        Assert.Equal(first, second);
        var results = _store.Since(0, 100).Where(m => m.Kind == MessageKind.Result).ToList();
        var result = Assert.Single(results);
        Assert.Equal(status, result.ParentId);
        Assert.Equal(["U1", "V1", "🔁"], result.Buttons.Select(b => b.Label));
        Assert.Equal(new byte[] { 1, 2, 3 }, _store.Picture(result.Id, 0)!.Bytes);
    }

    [Fact]
    public async Task PostResultAsync_ShowsTheNoteUnderThePrompt_WhenThePostHasOne()
    {
        const string note = "Note: the last 12 tokens of your prompt did not fit and were left out.";
        var status = _store.Insert(MessageKind.Status, "Painting now…");

        await _reply.PostResultAsync(Address(status), new ResultPost("request-note", [new ResultImage(new byte[] { 1, 2, 3 }, 7)], "a long prompt", ResultAction.ForGrid(1), note), CancellationToken.None);

        var result = Assert.Single(_store.Since(0, 100), m => m.Kind == MessageKind.Result);
        Assert.Equal("a long prompt\n" + note, result.Text);
    }

    [Fact]
    public async Task ShowPreviewAsync_RaisesTheRevision_WhenThePreviewChanges()
    {
        var status = _store.Insert(MessageKind.Status, "Painting now…");
        var before = _store.CurrentRevision();

        await _reply.ShowPreviewAsync(Address(status), new byte[] { 0xFF, 0xD8, 0xFF, 1 }, 5, 30, CancellationToken.None);

        var changed = Assert.Single(_store.Since(before, 100));
        Assert.Equal(status, changed.Id);
        Assert.Equal(1, changed.ImageCount);
        Assert.Contains("step 5 of 30", changed.Text, StringComparison.Ordinal);
        Assert.Equal("image/jpeg", _store.Picture(status, 0)!.ContentType);
    }

    [Fact]
    public async Task PostResultAsync_ReplacesTheStatusPreview_WithAThumbnailOfTheResult()
    {
        var status = _store.Insert(MessageKind.Status, "Painting now…");
        var address = Address(status);
        await _reply.ShowPreviewAsync(address, new byte[] { 0xFF, 0xD8, 0xFF, 1 }, 5, 30, CancellationToken.None);

        await _reply.PostResultAsync(address, new ResultPost("request-1", [new ResultImage(RedPng(512, 512), 7)], "red", ResultAction.ForGrid(1)), CancellationToken.None);

        var ended = _store.Get(status)!;
        Assert.Equal(("Done — the image is in the thread.", 1), (ended.Text, ended.ImageCount));
        var thumbnail = _store.Picture(status, 0)!;
        Assert.Equal("image/png", thumbnail.ContentType);
        Assert.True(Colours.IsRed(thumbnail.Bytes), $"thumbnail mean colour {Colours.Mean(thumbnail.Bytes)}");
        Assert.Equal(ResultThumbnail.DefaultMaxSide, Image.Identify(thumbnail.Bytes).Width);
    }

    [Fact]
    public async Task PostResultAsync_LeavesTheStatusWithoutAPicture_WhenNoThumbnailCanBeMade()
    {
        var status = _store.Insert(MessageKind.Status, "Painting now…");
        var address = Address(status);
        await _reply.ShowPreviewAsync(address, new byte[] { 0xFF, 0xD8, 0xFF, 1 }, 5, 30, CancellationToken.None);

        await _reply.PostResultAsync(address, new ResultPost("request-1", [new ResultImage(new byte[] { 1, 2, 3 }, 7)], "red", ResultAction.ForGrid(1)), CancellationToken.None);

        Assert.Equal(0, _store.Get(status)!.ImageCount);
        Assert.Null(_store.Picture(status, 0));
        Assert.Single(_store.Since(0, 100), m => m.Kind == MessageKind.Result);
    }

    [Fact]
    public async Task SetStatusAsync_RemovesThePreview_WhenTheJobIsCancelled()
    {
        var status = _store.Insert(MessageKind.Status, "Painting now…");
        await _reply.ShowPreviewAsync(Address(status), new byte[] { 0xFF, 0xD8, 0xFF, 1 }, 5, 30, CancellationToken.None);

        await _reply.SetStatusAsync(Address(status), "Cancelled.", CancellationToken.None);

        var ended = _store.Get(status)!;
        Assert.Equal(("Cancelled.", 0), (ended.Text, ended.ImageCount));
        Assert.Null(_store.Picture(status, 0));
    }

    [Fact]
    public async Task PostErrorAsync_EndsTheStatusWithoutItsPreview_AndPutsTheReasonInTheThread()
    {
        var status = _store.Insert(MessageKind.Status, "Painting now…");
        await _reply.ShowPreviewAsync(Address(status), new byte[] { 0xFF, 0xD8, 0xFF, 1 }, 5, 30, CancellationToken.None);

        await _reply.PostErrorAsync(Address(status), "Something went wrong while painting this; please try again.", CancellationToken.None);

        var ended = _store.Get(status)!;
        Assert.Equal((PlaygroundReply.FailedStatus, 0), (ended.Text, ended.ImageCount));
        Assert.Null(_store.Picture(status, 0));
        var error = Assert.Single(_store.Since(0, 100), m => m.Kind == MessageKind.Error);
        Assert.Equal(status, error.ParentId);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static byte[] RedPng(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(220, 30, 30));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    private static ReplyAddress Address(long status) =>
        new(ChatPlatform.Playground, PlaygroundOptions.DefaultChannel, PlaygroundChannel.Workspace, MessageId: status.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

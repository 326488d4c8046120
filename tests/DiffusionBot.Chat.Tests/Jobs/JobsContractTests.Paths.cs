using System.Buffers.Binary;
using System.Text;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Quotas;
using DiffusionBot.Chat.Storage;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace DiffusionBot.Chat.Tests.Jobs;

/// <summary>Issue #12 item 5: the paths of a request's life no other test walks.</summary>
public abstract partial class JobsContractTests
{
    private static readonly QuotaScope General = new("Playground", "local", "general");

    [Fact]
    public async Task Shutdown_GivesARunningJobBackToTheQueue_WhichIsThenPostedOnce_AndChargedOnce()
    {
        await SetQuotaAsync("/quota set 10 per 24h");
        var queued = await _bot.QueueAsync("red --size 256x256 --steps 150 --n 2");
        using var shutdown = new CancellationTokenSource();
        _bot.Channel.OnPreview = () =>
        {
            _bot.Channel.OnPreview = null;
            shutdown.Cancel();
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _bot.Job().RunAsync(queued.RequestId, shutdown.Token));
        var afterShutdown = _bot.Requests.Status(queued.RequestId);
        var chargedWhileWaiting = _bot.Quotas.Usage(General, "u1", TimeSpan.FromDays(1)).Channel;
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        Assert.Equal(RequestStatus.Queued, afterShutdown);
        Assert.Equal(2, chargedWhileWaiting);
        Assert.Single(_bot.Channel.Results);
        Assert.Equal(RequestStatus.Done, _bot.Requests.Status(queued.RequestId));
        Assert.Equal(2, _bot.Quotas.Usage(General, "u1", TimeSpan.FromDays(1)).Channel);
    }

    [Fact]
    public async Task Shutdown_EndsAJobWhoseCancelIsPending_AsCancelled_WithItsQuotaBack()
    {
        await SetQuotaAsync("/quota set 10 per 24h");
        var queued = await _bot.QueueAsync("red --size 512x512 --steps 150");
        using var shutdown = new CancellationTokenSource();
        _bot.Channel.OnPreview = () =>
        {
            _bot.Channel.OnPreview = null;

            // A cancel recorded by another process, which this worker has not seen yet, and then the host stops.
            _bot.Requests.RequestCancel(queued.RequestId);
            shutdown.Cancel();
        };

        var outcome = await _bot.Job().RunAsync(queued.RequestId, shutdown.Token);
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        Assert.Equal(JobOutcome.CancelledStatus, outcome.Status);

        Assert.Equal(RequestStatus.Cancelled, _bot.Requests.Status(queued.RequestId));
        Assert.Empty(_bot.Channel.Results);
        Assert.Equal(0, _bot.Quotas.Usage(General, "u1", TimeSpan.FromDays(1)).Channel);
    }

    [Fact]
    public async Task Release_OfARequestWhoseCancelIsPending_EndsItCancelled_NotQueuedAgain()
    {
        var queued = await _bot.QueueAsync("red --size 64x64");
        Assert.NotNull(_bot.Requests.ClaimNext("w1", TimeSpan.FromMinutes(1), queued.RequestId));
        Assert.Equal(RequestStatus.Cancelling, _bot.Requests.RequestCancel(queued.RequestId));

        var left = _bot.Requests.Release(queued.RequestId, "w1");

        Assert.Equal(RequestStatus.Cancelled, left);
        Assert.Equal(RequestStatus.Cancelled, _bot.Requests.Status(queued.RequestId));
        Assert.Null(_bot.Requests.Release(queued.RequestId, "w1"));
    }

    [Fact]
    public async Task Cancel_BySomeoneElse_IsRefused_UnlessTheyAreAnAdmin()
    {
        var queued = await _bot.QueueAsync("red --size 64x64");

        var stranger = await _bot.Dispatcher.DispatchAsync(new Cancel(JobsHarness.Origin("u2"), queued.RequestId), CancellationToken.None);
        var statusAfterStranger = _bot.Requests.Status(queued.RequestId);
        var admin = await _bot.Dispatcher.DispatchAsync(new Cancel(JobsHarness.Origin("boss", admin: true), queued.RequestId), CancellationToken.None);

        Assert.Equal("Only the person who asked for that job (or an admin) can cancel it.", Assert.IsType<DispatchOutcome.Refused>(stranger).Message);
        Assert.Equal(RequestStatus.Queued, statusAfterStranger);
        Assert.Equal("Cancelled before it started.", Assert.IsType<DispatchOutcome.Answered>(admin).Message);
        Assert.Equal(RequestStatus.Cancelled, _bot.Requests.Status(queued.RequestId));
    }

    [Fact]
    public async Task Cancel_OfAFinishedJob_SaysItHasAlreadyFinished()
    {
        var queued = await _bot.QueueAsync("red --size 64x64");
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        var named = await _bot.Dispatcher.DispatchAsync(new Cancel(JobsHarness.Origin(), queued.RequestId), CancellationToken.None);
        var latest = await _bot.Dispatcher.DispatchAsync(new Cancel(JobsHarness.Origin()), CancellationToken.None);

        Assert.Equal("That job has already finished.", Assert.IsType<DispatchOutcome.Refused>(named).Message);
        Assert.Equal("You have no job waiting or running.", Assert.IsType<DispatchOutcome.Refused>(latest).Message);
        Assert.Equal(RequestStatus.Done, _bot.Requests.Status(queued.RequestId));
        Assert.Single(_bot.Channel.Results);
    }

    [Fact]
    public async Task Quota_Off_RefusesEveryRequest_AndReservesNothing()
    {
        await SetQuotaAsync("/quota off");

        var refused = await _bot.Dispatcher.DispatchAsync(_bot.Imagine("red --size 64x64"), CancellationToken.None);

        Assert.Equal("Image generation is turned off in this channel.", Assert.IsType<DispatchOutcome.Refused>(refused).Message);
        Assert.Empty(_bot.Enqueued);
        Assert.Equal(0, _bot.Quotas.Usage(General, "u1", TimeSpan.FromDays(1)).Channel);
    }

    [Fact]
    public async Task Quota_StepAndPixelCaps_RefuseWhatExceedsThem_AndAdmitWhatFits()
    {
        await SetQuotaAsync("/quota set 10 per 24h steps 4 pixels 4096");

        var steps = await _bot.Dispatcher.DispatchAsync(_bot.Imagine("red --size 64x64 --steps 5"), CancellationToken.None);
        var pixels = await _bot.Dispatcher.DispatchAsync(_bot.Imagine("red --size 128x64 --steps 4"), CancellationToken.None);
        var fits = await _bot.Dispatcher.DispatchAsync(_bot.Imagine("red --size 64x64 --steps 4"), CancellationToken.None);

        Assert.Equal("Steps are capped at 4 in this channel (you asked for 5).", Assert.IsType<DispatchOutcome.Refused>(steps).Message);
        Assert.Equal("Images are capped at 4,096 pixels in this channel (you asked for 8,192).", Assert.IsType<DispatchOutcome.Refused>(pixels).Message);
        Assert.IsType<DispatchOutcome.Queued>(fits);
        Assert.Equal(1, _bot.Quotas.Usage(General, "u1", TimeSpan.FromDays(1)).Channel);
    }

    [Theory]
    [InlineData("jpeg")]
    [InlineData("webp")]
    public async Task Img2Img_AcceptsAJpegOrWebpInitImage_AndPostsTheResult(string format)
    {
        var init = Encode(format, new Rgb24(0, 0, 255));

        var queued = Assert.IsType<DispatchOutcome.Queued>(await _bot.Dispatcher.DispatchAsync(
            new Img2Img(JobsHarness.Origin(), _bot.Prompts.Parse("blue --size 64x64 --steps 4 --strength 0.5"), new InlineImage(init)), CancellationToken.None));
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        Assert.Equal(init, _bot.Requests.Get(queued.RequestId)!.InitImage);
        Assert.Equal(RequestStatus.Done, _bot.Requests.Status(queued.RequestId));
        Assert.Single(Assert.Single(_bot.Channel.Results).Images);
        Assert.Empty(_bot.Channel.Errors);
    }

    [Fact]
    public async Task Img2Img_RefusesAnAnimatedWebp_Politely_AndQueuesNothing()
    {
        await SetQuotaAsync("/quota set 10 per 24h");

        var outcome = await _bot.Dispatcher.DispatchAsync(
            new Img2Img(JobsHarness.Origin(), _bot.Prompts.Parse("blue --size 64x64"), new InlineImage(AnimatedWebp())), CancellationToken.None);

        var refused = Assert.IsType<DispatchOutcome.Refused>(outcome);
        Assert.Equal(Diffusion.Imaging.UntrustedImageDecoder.Unsupported, refused.Message);
        Assert.Empty(_bot.Enqueued);
        Assert.Equal(0, _bot.Quotas.Usage(General, "u1", TimeSpan.FromDays(1)).Channel);
    }

    private Task SetQuotaAsync(string text) =>
        _bot.Dispatcher.DispatchAsync(QuotaTextParser.Parse(text, JobsHarness.Origin("boss", admin: true)), CancellationToken.None).AsTask();

    private static byte[] Encode(string format, Rgb24 colour)
    {
        using var image = new Image<Rgb24>(64, 64, colour);
        using var stream = new MemoryStream();
        if (format == "jpeg")
        {
            image.SaveAsJpeg(stream);
        }
        else
        {
            image.SaveAsWebp(stream, new WebpEncoder { FileFormat = WebpFileFormatType.Lossy });
        }

        return stream.ToArray();
    }

    /// <summary>
    /// A two-frame animated WebP, laid out as the container spec says (developers.google.com/speed/webp/docs/riff_container):
    /// a VP8X chunk with the animation flag, an ANIM chunk, then one ANMF chunk per frame, each holding a VP8L bitstream.
    /// </summary>
    private static byte[] AnimatedWebp()
    {
        using var frame = new Image<Rgb24>(1, 1, new Rgb24(255, 0, 0));
        using var encoded = new MemoryStream();
        frame.SaveAsWebp(encoded, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless });
        var vp8l = encoded.ToArray()[12..]; // the whole "VP8L" chunk after the 12-byte RIFF header

        var body = new MemoryStream();
        body.Write("WEBP"u8);
        Chunk(body, "VP8X", [0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // animation flag; canvas 1×1 (stored minus one)
        Chunk(body, "ANIM", [0, 0, 0, 0, 0, 0]);
        for (var i = 0; i < 2; i++)
        {
            // X/2, Y/2, width-1, height-1 (24 bits each), duration 100 ms (24 bits), flags, then the frame's bitstream.
            byte[] header = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0];
            Chunk(body, "ANMF", [.. header, .. vp8l]);
        }

        var riff = new byte[8 + body.Length];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(riff, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(riff.AsSpan(4), (uint)body.Length);
        body.ToArray().CopyTo(riff, 8);
        return riff;
    }

    private static void Chunk(MemoryStream into, string fourCc, byte[] payload)
    {
        into.Write(Encoding.ASCII.GetBytes(fourCc));
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)payload.Length);
        into.Write(size);
        into.Write(payload);
        if (payload.Length % 2 == 1)
        {
            into.WriteByte(0);
        }
    }
}

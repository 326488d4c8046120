using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Replies;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Chat.Tests.Replies;

public sealed class PreviewThrottleTests
{
    private static readonly TimeSpan Interval = PreviewOptions.DefaultInterval;
    private static readonly ReplyAddress Address = new(ChatPlatform.Discord, "channel-1", MessageId: "message-1");

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingChatReply _reply = new();

    [Fact]
    public void Offer_SendsAtOnce_WhenNothingWasSentYet()
    {
        var throttle = Create();

        throttle.Offer(Jpeg(1), 1, 20);

        Assert.Equal([1], _reply.PreviewSteps);
    }

    [Fact]
    public void Offer_SendsOneNowAndTheLatestAfterTheInterval_WhenTwentyArriveWithinOneInterval()
    {
        var throttle = Create();

        for (var step = 1; step <= 20; step++)
        {
            throttle.Offer(Jpeg(step), step, 20);
            _time.Advance(TimeSpan.FromMilliseconds(50));
        }

        Assert.Equal([1], _reply.PreviewSteps);

        _time.Advance(Interval - TimeSpan.FromMilliseconds(20 * 50));

        Assert.Equal([1, 20], _reply.PreviewSteps);

        _time.Advance(Interval * 10);

        Assert.Equal([1, 20], _reply.PreviewSteps);
    }

    [Fact]
    public void Offer_WaitsForTheRestOfTheInterval_WhenTheLastSendWasRecent()
    {
        var throttle = Create();
        throttle.Offer(Jpeg(1), 1, 3);
        _time.Advance(TimeSpan.FromSeconds(1));

        throttle.Offer(Jpeg(2), 2, 3);
        _time.Advance(TimeSpan.FromMilliseconds(499));

        Assert.Equal([1], _reply.PreviewSteps);

        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([1, 2], _reply.PreviewSteps);
    }

    [Fact]
    public void Offer_SendsAtOnce_WhenTheIntervalHasPassedSinceTheLastSend()
    {
        var throttle = Create();
        throttle.Offer(Jpeg(1), 1, 3);
        _time.Advance(Interval * 2);

        throttle.Offer(Jpeg(2), 2, 3);

        Assert.Equal([1, 2], _reply.PreviewSteps);
    }

    [Fact]
    public void Offer_KeepsOnlyTheLatestPending_WhenASendIsSlow()
    {
        _reply.HoldSends();
        var throttle = Create();
        throttle.Offer(Jpeg(1), 1, 20);

        for (var step = 2; step <= 10; step++)
        {
            _time.Advance(Interval);
            throttle.Offer(Jpeg(step), step, 20);
        }

        Assert.Equal([1], _reply.PreviewSteps);

        _reply.Release();

        Assert.Equal([1, 10], _reply.PreviewSteps);

        _reply.Release();
        _time.Advance(Interval * 10);

        Assert.Equal([1, 10], _reply.PreviewSteps);
    }

    [Fact]
    public void Offer_SpacesSendsFromStartToStart_WhenASendTakesPartOfTheInterval()
    {
        _reply.HoldSends();
        var throttle = Create();
        throttle.Offer(Jpeg(1), 1, 3);
        _time.Advance(TimeSpan.FromSeconds(1));
        throttle.Offer(Jpeg(2), 2, 3);

        _reply.Release();
        _time.Advance(TimeSpan.FromMilliseconds(499));

        Assert.Equal([1], _reply.PreviewSteps);

        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([1, 2], _reply.PreviewSteps);
    }

    [Fact]
    public void Offer_KeepsSending_WhenASendFails()
    {
        _reply.FailNext = new HttpRequestException("502 Bad Gateway");
        var throttle = Create();
        throttle.Offer(Jpeg(1), 1, 3);

        _time.Advance(Interval);
        throttle.Offer(Jpeg(2), 2, 3);

        Assert.Equal([1, 2], _reply.PreviewSteps);
    }

    [Fact]
    public void Offer_PassesTheBytesAndAddressThrough()
    {
        var reply = new CapturingChatReply();
        var throttle = new PreviewThrottle(reply, Address, new PreviewOptions(), _time, NullLogger<PreviewThrottle>.Instance);
        var jpeg = Jpeg(7);

        throttle.Offer(jpeg, 7, 9);

        Assert.Equal((Address, 7, 9), (reply.Address, reply.Step, reply.TotalSteps));
        Assert.True(jpeg.Span.SequenceEqual(reply.Jpeg.Span));
    }

    [Fact]
    public async Task CompleteAsync_DropsThePendingPreview()
    {
        var throttle = Create();
        throttle.Offer(Jpeg(1), 1, 3);
        throttle.Offer(Jpeg(2), 2, 3);

        await throttle.CompleteAsync();
        _time.Advance(Interval * 10);

        Assert.Equal([1], _reply.PreviewSteps);
    }

    [Fact]
    public async Task CompleteAsync_CancelsAndWaitsForTheSendInFlight()
    {
        _reply.HoldSends();
        var throttle = Create();
        throttle.Offer(Jpeg(1), 1, 3);
        throttle.Offer(Jpeg(2), 2, 3);

        await throttle.CompleteAsync();

        Assert.True(_reply.LastPreviewToken.IsCancellationRequested);
        _time.Advance(Interval * 10);
        Assert.Equal([1], _reply.PreviewSteps);
    }

    [Fact]
    public async Task Offer_SendsNothing_AfterCompletion()
    {
        var throttle = Create();

        await throttle.CompleteAsync();
        throttle.Offer(Jpeg(1), 1, 3);
        _time.Advance(Interval * 10);

        Assert.Empty(_reply.PreviewSteps);
    }

    [Fact]
    public async Task DisposeAsync_StopsPreviews_AndMayFollowCompleteAsync()
    {
        var throttle = Create();
        throttle.Offer(Jpeg(1), 1, 3);
        throttle.Offer(Jpeg(2), 2, 3);

        await throttle.CompleteAsync();
        await throttle.DisposeAsync();
        _time.Advance(Interval * 10);

        Assert.Equal([1], _reply.PreviewSteps);
    }

    [Fact]
    public void Offer_SendsEveryOfferWhenIdle_WhenTheIntervalIsZero()
    {
        var throttle = Create(TimeSpan.Zero);

        throttle.Offer(Jpeg(1), 1, 3);
        throttle.Offer(Jpeg(2), 2, 3);
        throttle.Offer(Jpeg(3), 3, 3);

        Assert.Equal([1, 2, 3], _reply.PreviewSteps);
    }

    private PreviewThrottle Create(TimeSpan? interval = null) => new(
        _reply,
        Address,
        new PreviewOptions { Interval = interval ?? Interval },
        _time,
        NullLogger<PreviewThrottle>.Instance);

    private static ReadOnlyMemory<byte> Jpeg(int step) => new byte[] { 0xFF, 0xD8, (byte)step, 0xFF, 0xD9 };

    private sealed class CapturingChatReply : IChatReply
    {
        public ReplyAddress? Address { get; private set; }

        public ReadOnlyMemory<byte> Jpeg { get; private set; }

        public int Step { get; private set; }

        public int TotalSteps { get; private set; }

        public ValueTask ShowPreviewAsync(ReplyAddress address, ReadOnlyMemory<byte> jpeg, int step, int totalSteps, CancellationToken cancellationToken)
        {
            (Address, Jpeg, Step, TotalSteps) = (address, jpeg, step, totalSteps);
            return ValueTask.CompletedTask;
        }

        public ValueTask SetStatusAsync(ReplyAddress address, string text, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<IReadOnlyList<string>> PostResultAsync(ReplyAddress address, ResultPost post, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<string>>([]);

        public ValueTask PostErrorAsync(ReplyAddress address, string message, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

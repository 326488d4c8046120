using DiffusionBot.Slack.Tests.Fakes;
using DiffusionBot.TestSupport;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Slack.Tests.Adapter;

/// <summary>Hostile input: answered politely or logged clearly, and nothing else changes.</summary>
public sealed partial class SlackSocketModeAdapterTests
{
    [Fact]
    public async Task ThreadReply_RefusesPolitelyAndQueuesNothing_WhenTheFileIs30Megabytes()
    {
        var whisper = await RefusedReplyAsync("C-HUGE", "huge");
        var sent = await SlackBot.WaitForAsync(() => Fake.HugeDownloads.TryPeek(out var bytes) ? (object)bytes : null, "the end of the download");

        output.WriteLine($"the fake got {sent} of {FakeSlack.HugeFileBytes} bytes onto the wire");
        Assert.Contains("too large", whisper, StringComparison.Ordinal);
        Assert.True((long)sent < FakeSlack.HugeFileBytes, $"the fake sent all {sent} bytes: the download was not stopped");
    }

    [Fact]
    public async Task ThreadReply_RefusesFromTheHeaderAndQueuesNothing_WhenThePngSays20000By20000()
    {
        Fake.Picture = CraftedPng.WithCanvas(20_000, 20_000);

        var whisper = await RefusedReplyAsync("C-GIANT", "picture.png");

        // The file holds no pixels at all: "20000×20000" can only come from the header, read before any decode.
        Assert.Contains("20000×20000", whisper, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThreadReply_RefusesWithoutDownloading_WhenTheFileIsOnAnotherHost()
    {
        var whisper = await RefusedReplyAsync("C-ELSEWHERE", "elsewhere.png", host: "localhost");

        Assert.Contains("uploaded to Slack itself", whisper, StringComparison.Ordinal);
        Assert.DoesNotContain(Fake.Downloads, d => d.Path == "/files/elsewhere.png");
    }

    [Fact]
    public async Task Socket_LogsMalformedAndUnknownEnvelopesAndKeepsServing_WhenSlackSendsThem()
    {
        await Socket.SendAsync("""{"envelope_id":"env-torn","type":"slash_comm""");
        await Socket.SendAsync("""{"envelope_id":"env-odd","type":"future_thing","payload":{"x":1},"accepts_response_payload":false}""");
        await Socket.SendAsync("""{"envelope_id":"env-bent","type":"slash_commands","payload":"not an object","accepts_response_payload":true}""");
        Assert.Equal("""{"envelope_id":"env-odd"}""", await Socket.NextReceivedAsync());
        Assert.Equal("""{"envelope_id":"env-bent"}""", await Socket.NextReceivedAsync());

        var result = await ImagineAsync("C-AFTER-JUNK", "red --size 64x64 --steps 2 --seed 10");

        var logs = fixture.Bot.Logs.Entries;
        Assert.Contains(logs, l => l.EventId == 6012 && l.Level == LogLevel.Warning && l.Message.Contains("not valid JSON", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.EventId == 6209 && l.Level == LogLevel.Warning && l.Message.Contains("env-odd", StringComparison.Ordinal) && l.Message.Contains("future_thing", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.EventId == 6202 && l.Message.Contains("slash_commands", StringComparison.Ordinal));
        Assert.StartsWith("Done", result.Status.Text, StringComparison.Ordinal);
        Assert.False(Socket.Closed.IsCompleted);
    }

    /// <summary>
    /// Posts a result, replies in its thread with the file at <paramref name="path"/>, and returns the text of the whisper that
    /// answers in that thread, once it is clear nothing else changed: the result's status and thread are all the channel holds.
    /// </summary>
    private async Task<string> RefusedReplyAsync(string channel, string path, string host = "127.0.0.1")
    {
        var first = await ImagineAsync(channel, "red --size 64x64 --steps 2");
        await Socket.SendAsync(SlackBot.Event("env-reply-" + channel, "Ev-reply-" + channel, ThreadReply(channel, first.Status.Ts, "blue --steps 2", path, host)));
        await Socket.NextReceivedAsync();
        var whisper = (await WhisperAsync(channel)).Json!.Value;

        Assert.Equal(first.Status.Ts, whisper.GetProperty("thread_ts").GetString());
        Assert.Equal([first.Status], TopLevel(channel));
        Assert.Equal(2, Fake.Thread(channel, first.Status.Ts).Length);
        return whisper.GetProperty("text").GetString()!;
    }

    private async Task<RecordedRequest> WhisperAsync(string channel) =>
        await SlackBot.WaitForAsync(() => Fake.RequestsFor("chat.postEphemeral").FirstOrDefault(r => r.Json!.Value.GetProperty("channel").GetString() == channel), $"the whisper in {channel}");
}

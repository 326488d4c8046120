using System.Net.Http.Headers;
using System.Text.Json;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Playground.Tests;

/// <summary>The playground's HTTP API against the real host, without a browser.</summary>
[Collection(HostCollection.Name)]
public sealed class PlaygroundApiTests(BotHostFixture host)
{
    [Fact]
    public async Task PostMessage_ShowsStatusThenARedResult_WhenImagineIsTyped()
    {
        var outcome = await host.SayAsync("/imagine red --size 128x128 --steps 30 --seed 1");

        Assert.Equal("queued", outcome.GetProperty("outcome").GetString());
        var statusId = outcome.GetProperty("statusMessageId").GetInt64();
        var status = await host.WaitForMessageAsync(m => m.GetProperty("id").GetInt64() == statusId);
        Assert.Equal("status", status.GetProperty("kind").GetString());
        var result = await host.WaitForMessageAsync(m => ParentIs(m, statusId) && Kind(m) == "result");
        Assert.Equal(outcome.GetProperty("requestId").GetString(), result.GetProperty("resultId").GetString());
        var labels = result.GetProperty("buttons").EnumerateArray().Select(b => b.GetProperty("label").GetString()).ToList();
        Assert.Equal(["U1", "V1", "🔁"], labels);
        var png = await host.Http.GetByteArrayAsync(new Uri(result.GetProperty("images")[0].GetString()!, UriKind.Relative));
        Assert.True(Colours.IsRed(png), $"mean colour {Colours.Mean(png)}");
    }

    [Fact]
    public async Task PostMessage_AppliesALoraFlag_AndRefusesAnUnknownLoraListingTheAvailableOnes()
    {
        var outcome = await host.SayAsync("/imagine red --lora red-to-blue:1 --size 64x64 --steps 20 --seed 1");
        var unknown = await host.SayAsync("/imagine red --lora sparkles");

        var statusId = outcome.GetProperty("statusMessageId").GetInt64();
        var result = await host.WaitForMessageAsync(m => ParentIs(m, statusId) && Kind(m) == "result");
        var png = await host.Http.GetByteArrayAsync(new Uri(result.GetProperty("images")[0].GetString()!, UriKind.Relative));
        var (r, _, b) = Colours.Mean(png);
        Assert.True(b > r + 100, $"red with red-to-blue:1 should paint blue, got R {r:F0} B {b:F0}");
        Assert.Equal("refused", unknown.GetProperty("outcome").GetString());
        Assert.Equal("Sorry, there is no LoRA called 'sparkles'; available: red-to-blue.", unknown.GetProperty("message").GetString());
    }

    [Fact]
    public async Task PostMessage_AnswersOnePoliteErrorLine_WhenStepsIsZero()
    {
        var outcome = await host.SayAsync("/imagine --steps 0 red");

        Assert.Equal("refused", outcome.GetProperty("outcome").GetString());
        var error = await host.WaitForMessageAsync(m => m.GetProperty("id").GetInt64() == outcome.GetProperty("statusMessageId").GetInt64());
        Assert.Equal("error", Kind(error));
        Assert.True(error.GetProperty("ephemeral").GetBoolean());
        var text = error.GetProperty("text").GetString()!;
        Assert.Contains("--steps", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text);
    }

    [Fact]
    public async Task PostMessage_AppliesAQuotaSetByTheLocalAdmin_ToTheNextRequest()
    {
        // The host is shared by every test in the class: the quota goes back even when an assertion fails.
        try
        {
            var set = await host.SayAsync("/quota set 1000 per 1h steps 10");
            var refused = await host.SayAsync("/imagine red --steps 30");
            var show = await host.SayAsync("/quota show");
            var bad = await host.SayAsync("/quota set 10 per 400d");
            var cleared = await host.SayAsync("/quota clear");

            Assert.Equal("This channel's quota is now: 1000 images per 1 h, at most 10 steps.", set.GetProperty("message").GetString());
            Assert.Equal("Steps are capped at 10 in this channel (you asked for 30).", refused.GetProperty("message").GetString());
            Assert.StartsWith("Quota here: 1000 images per 1 h, at most 10 steps (set for this channel).", show.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal("The window must be between 1 minute and 30 days (you wrote 400d).", bad.GetProperty("message").GetString());
            Assert.StartsWith("This channel's quota is cleared", cleared.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await host.SayAsync("/quota clear");
        }
    }

    [Fact]
    public async Task PostMessage_ListsTheCommands_WhenTheCommandIsUnknown()
    {
        var outcome = await host.SayAsync("/dance");

        Assert.Equal("refused", outcome.GetProperty("outcome").GetString());
        Assert.Contains("/imagine", outcome.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostImg2Img_AnswersPolitelyAndKeepsRunning_WhenTheUploadIs40Megabytes()
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(new byte[40 * 1024 * 1024]) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }, "file", "huge.png" },
            { new StringContent("red"), "prompt" },
        };

        // "Expect: 100-continue" makes the client wait for the host's answer before sending the body, so the 413 the
        // host gives on Content-Length alone arrives instead of a reset mid-upload (RFC 9110 §10.1.1). The long
        // timeout keeps a slow host from making the client give up waiting and send the 40 MB anyway.
        using var handler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(2) };
        using var client = new HttpClient(handler) { BaseAddress = host.Http.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/img2img", UriKind.Relative)) { Content = form };
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = await host.WaitForMessageAsync(m => Kind(m) == "error" && m.GetProperty("text").GetString()!.Contains("40 MB", StringComparison.Ordinal));
        Assert.Contains("at most 20 MB", error.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(await host.IsHealthyAsync());
    }

    [Fact]
    public async Task PostImg2Img_AnswersPolitely_WhenTheUploadIsNotAnImage()
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent("just some notes"u8.ToArray()), "file", "notes.txt" },
            { new StringContent("red"), "prompt" },
        };

        using var response = await host.Http.PostAsync(new Uri("/api/img2img", UriKind.Relative), form);

        var outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("refused", outcome.GetProperty("outcome").GetString());
        var error = await host.WaitForMessageAsync(m => m.GetProperty("id").GetInt64() == outcome.GetProperty("statusMessageId").GetInt64());
        Assert.Equal("error", Kind(error));
        Assert.Contains("not a PNG, JPEG or WebP", error.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(await host.IsHealthyAsync());
    }

    [Fact]
    public async Task GetPage_ServesTheChannel_WhenAskedForTheRoot()
    {
        var html = await host.Http.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("id=\"composer-input\"", html, StringComparison.Ordinal);
        Assert.Contains("/playground.js", html, StringComparison.Ordinal);
    }

    internal static string? Kind(JsonElement message) => message.GetProperty("kind").GetString();

    internal static bool ParentIs(JsonElement message, long parentId) =>
        message.GetProperty("parentId") is { ValueKind: JsonValueKind.Number } parent && parent.GetInt64() == parentId;
}

using System.Globalization;
using System.Net;
using System.Text;
using DiffusionBot.Slack.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Slack.Tests.Adapter;

[Collection(AdapterCollection.Name)]
public sealed class SlackHttpModeAdapterTests : IAsyncLifetime
{
    private SlackBot _bot = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _bot = await SlackBot.StartAsync(SlackMode.Http, runWorker: false);
        _http = new HttpClient { BaseAddress = _bot.BaseUri };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _bot.DisposeAsync();
    }

    [Fact]
    public async Task Commands_AcksAndPostsTheStatus_WhenTheRequestIsSigned()
    {
        using var response = await PostAsync("slack/commands", CommandBody("C-HTTP"), DateTimeOffset.UtcNow);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = await SlackBot.WaitForAsync(() => _bot.Fake.Messages.FirstOrDefault(m => m.Channel == "C-HTTP"), "the status message");
        Assert.Contains("red", status.History[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quota_AnswersTheUserAloneAndRefusesAChange_WhenANonAdminSendsItOverHttp()
    {
        using var set = await PostAsync("slack/commands", QuotaBody("C-HTTP-QUOTA", "U333", "set+10+per+24h", "trig-quota-set"), DateTimeOffset.UtcNow);
        var refusal = await WhisperAsync("C-HTTP-QUOTA", 0);
        using var show = await PostAsync("slack/commands", QuotaBody("C-HTTP-QUOTA", "U333", "show", "trig-quota-show"), DateTimeOffset.UtcNow);
        var shown = await WhisperAsync("C-HTTP-QUOTA", 1);

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.OK, show.StatusCode);
        Assert.StartsWith("Only admins can change quotas", refusal.Text, StringComparison.Ordinal);
        Assert.Equal("U333", refusal.User);
        Assert.Equal("Quota here: unlimited (the bot's default).", shown.Text);
        Assert.DoesNotContain(_bot.Fake.Messages, m => m.Channel == "C-HTTP-QUOTA");
    }

    [Fact]
    public async Task Quota_AnswersThroughTheResponseUrl_WhenSentFromAPrivateChannelTheBotIsNotIn()
    {
        const string Channel = "C-HTTP-PRIVATE";
        _bot.Fake.Conversations[Channel] = new Fakes.FakeConversation(Channel, Fakes.FakeConversationKind.PrivateChannel, BotIsMember: false);
        var responseUrl = _bot.Fake.ResponseUrl("http-private");
        var body = QuotaBody(Channel, "U333", "show", "trig-http-private").Replace("https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1%2F2", Uri.EscapeDataString(responseUrl), StringComparison.Ordinal);

        using var response = await PostAsync("slack/commands", body, DateTimeOffset.UtcNow);
        var answer = await SlackBot.WaitForAsync(() => _bot.Fake.Responses.Select(r => (object?)r.Body).FirstOrDefault(), "the response_url answer");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = (System.Text.Json.JsonElement)answer;
        Assert.Equal("ephemeral", json.GetProperty("response_type").GetString());
        Assert.Equal("Quota here: unlimited (the bot's default).", json.GetProperty("text").GetString());
        Assert.Contains(_bot.Fake.Failures, f => f.Method == "chat.postEphemeral" && f.Channel == Channel && f.Error == "channel_not_found");
    }

    [Fact]
    public async Task Commands_Refuses401AndPostsNothing_WhenTheSignatureIsWrong()
    {
        using var request = Request("slack/commands", CommandBody("C-FORGED"), DateTimeOffset.UtcNow);
        request.Headers.Remove("X-Slack-Signature");
        request.Headers.Add("X-Slack-Signature", "v0=" + new string('0', 64));

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(_bot.Fake.Messages, m => m.Channel == "C-FORGED");
    }

    [Fact]
    public async Task Commands_Refuses401_WhenTheTimestampIsSixMinutesOld()
    {
        using var response = await PostAsync("slack/commands", CommandBody("C-STALE"), DateTimeOffset.UtcNow.AddMinutes(-6));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Events_AnswersTheChallenge_WhenSlackVerifiesTheUrl()
    {
        using var response = await PostAsync("slack/events", """{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""", DateTimeOffset.UtcNow, "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Validate_NamesEveryBadKey_WhenSlackIsHalfConfigured()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Slack:BotToken"] = "xoxp-user-token",
            ["Slack:AppToken"] = "not-an-app-token",
            ["Slack:PreviewIntervalSeconds"] = "0",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddSlackAdapter(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SlackOptions>>().Value);

        Assert.Contains("Slack:BotToken", error.Message, StringComparison.Ordinal);
        Assert.Contains("Slack:AppToken", error.Message, StringComparison.Ordinal);
        Assert.Contains("Slack:PreviewIntervalSeconds", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("xoxp-user-token", error.Message, StringComparison.Ordinal);
    }

    private static string CommandBody(string channel) =>
        $"token=legacy&team_id=T111&team_domain=example&channel_id={channel}&channel_name=test&user_id=U222&user_name=egon&command=%2Fimagine&text=red+--size+64x64+--steps+2&api_app_id=A111&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1%2F2&trigger_id=trig-{channel}";

    private static string QuotaBody(string channel, string user, string text, string trigger) =>
        $"token=legacy&team_id=T111&team_domain=example&channel_id={channel}&channel_name=test&user_id={user}&user_name=erin&command=%2Fquota&text={text}&api_app_id=A111&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1%2F2&trigger_id={trigger}";

    /// <summary>The <paramref name="index"/>th ephemeral message in <paramref name="channel"/>: its text and its one reader.</summary>
    private async Task<(string Text, string User)> WhisperAsync(string channel, int index)
    {
        var whisper = await SlackBot.WaitForAsync(
            () => _bot.Fake.RequestsFor("chat.postEphemeral").Where(r => r.Json!.Value.GetProperty("channel").GetString() == channel).Skip(index).FirstOrDefault(),
            $"ephemeral message {index} in {channel}");
        return (whisper.Json!.Value.GetProperty("text").GetString()!, whisper.Json!.Value.GetProperty("user").GetString()!);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string body, DateTimeOffset at, string contentType = "application/x-www-form-urlencoded") =>
        _http.SendAsync(Request(path, body, at, contentType));

    private HttpRequestMessage Request(string path, string body, DateTimeOffset at, string contentType = "application/x-www-form-urlencoded")
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes(body);
        var signature = Encoding.ASCII.GetString(_bot.Services.GetRequiredService<DiffusionBot.Slack.Http.SlackRequestVerifier>().Sign(timestamp, bytes));
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signature);
        return request;
    }
}

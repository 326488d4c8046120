using DiffusionBot.Slack.WebApi;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Slack.Tests.Fakes;

/// <summary>Builds the clients under test, pointed at a fake Slack.</summary>
internal static class Slack
{
    public static SlackOptions Options(FakeSlack fake) => new()
    {
        BotToken = FakeSlack.BotToken,
        AppToken = FakeSlack.AppToken,
        SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5",
        ApiBaseUrl = fake.ApiBaseUrl,
    };

    public static SlackWebApiClient WebApi(FakeSlack fake, TimeProvider? time = null, SlackOptions? options = null) =>
        new(new HttpClient(), Microsoft.Extensions.Options.Options.Create(options ?? Options(fake)), time ?? TimeProvider.System, NullLogger<SlackWebApiClient>.Instance);
}

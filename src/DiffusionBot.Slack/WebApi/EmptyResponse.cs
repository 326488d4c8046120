namespace DiffusionBot.Slack.WebApi;

/// <summary>The answer to a method whose result the bot only checks for <c>ok</c>.</summary>
internal sealed record EmptyResponse : SlackResponse;

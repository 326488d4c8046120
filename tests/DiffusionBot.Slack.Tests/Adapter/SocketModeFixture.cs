using DiffusionBot.Slack.Tests.Fakes;

namespace DiffusionBot.Slack.Tests.Adapter;

/// <summary>One bot in Socket Mode with a worker, shared by the adapter tests (each uses its own channel).</summary>
public sealed class SocketModeFixture : IAsyncLifetime
{
    internal SlackBot Bot { get; private set; } = null!;

    internal FakeSocket Socket { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Bot = await SlackBot.StartAsync(SlackMode.Socket, runWorker: true, HandledEnvelopes.Install);
        Socket = await Bot.Fake.NextSocketAsync();
    }

    public async Task DisposeAsync() => await Bot.DisposeAsync();
}

namespace DiffusionBot.Tests;

/// <summary>
/// One host started as the Dockerfile starts it (<c>ASPNETCORE_URLS=http://0.0.0.0:…</c>, the shipped appsettings.json), with
/// a playground and a dashboard password set through the environment, as an operator would.
/// </summary>
public sealed class ExposedHostFixture : IAsyncLifetime
{
    public const string PlaygroundPassword = "playground-secret";
    public const string DashboardPassword = "dashboard-secret";

    private readonly string _folder = Directory.CreateTempSubdirectory("diffusionbot-exposed-").FullName;

    internal BotProcess Bot { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Bot = new BotProcess(
            _folder,
            new Dictionary<string, string>
            {
                ["Jobs:ConnectionString"] = $"Data Source={Path.Combine(_folder, "bot.db")}",
                ["Diffusion:ModelsPath"] = "models",
                ["Playground:Password"] = PlaygroundPassword,
                ["Dashboard:Password"] = DashboardPassword,
            },
            listenHost: "0.0.0.0");
        await Bot.WaitHealthyAsync();
    }

    public Task DisposeAsync()
    {
        Bot.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

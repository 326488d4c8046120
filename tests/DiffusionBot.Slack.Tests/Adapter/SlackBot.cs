using System.Text.Json;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Slack.Hosting;
using DiffusionBot.Slack.Http;
using DiffusionBot.Slack.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Slack.Tests.Adapter;

/// <summary>
/// The bot composed as production composes it (<c>AddChatJobs</c> with a worker on a temp SQLite file and the forged demo
/// model on the CPU, <c>AddSlackAdapter</c>, the listener, the request URLs), pointed at a <see cref="FakeSlack"/>.
/// </summary>
internal sealed class SlackBot : IAsyncDisposable
{
    public const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";

    /// <summary>A bot admin by configuration (<c>Slack:AdminUsers</c>); <c>users.info</c> calls them a plain member.</summary>
    public const string ConfiguredAdmin = "U-CONFIG-ADMIN";

    private readonly string _folder;
    private readonly WebApplication _app;

    private SlackBot(string folder, WebApplication app, FakeSlack fake, LogCapture logs)
    {
        Logs = logs;
        _folder = folder;
        _app = app;
        Fake = fake;
    }

    public FakeSlack Fake { get; }

    /// <summary>Every line the bot logged at Information or above.</summary>
    public LogCapture Logs { get; }

    public Uri BaseUri { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    public static async Task<SlackBot> StartAsync(SlackMode mode, bool runWorker, Action<IServiceCollection>? configure = null)
    {
        var fake = await FakeSlack.StartAsync();
        var folder = Directory.CreateTempSubdirectory("diffusionbot-slack-").FullName;
        DemoModelForge.Write(Path.Combine(folder, "models", "demo"));
        SdxlDemoPair.Write(Path.Combine(folder, "models"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var logs = new LogCapture();
        builder.Logging.AddProvider(logs);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Diffusion:ModelsPath"] = Path.Combine(folder, "models"),
            ["Diffusion:Device"] = "cpu",
            ["Jobs:ConnectionString"] = $"Data Source={Path.Combine(folder, "bot.db")}",
            ["Jobs:MaxQueuedPerUser"] = "50",
            ["Preview:Interval"] = "00:00:00.05",
            ["Slack:BotToken"] = FakeSlack.BotToken,
            ["Slack:AppToken"] = FakeSlack.AppToken,
            ["Slack:SigningSecret"] = SigningSecret,
            ["Slack:Mode"] = mode.ToString(),
            ["Slack:ApiBaseUrl"] = fake.ApiBaseUrl,
            ["Slack:FileHosts:0"] = "127.0.0.1",

            // The fake Slack serves files on loopback, which the bot refuses by default (Downloads:AllowPrivateAddresses).
            ["Downloads:AllowPrivateAddresses"] = "true",
            ["Slack:PreviewIntervalSeconds"] = "1",
            ["Slack:AdminUsers:0"] = ConfiguredAdmin,
        });
        builder.Services.AddChatJobs(builder.Configuration, runWorker);
        builder.Services.AddSlackAdapter(builder.Configuration);
        builder.Services.AddSlackListener();
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapSlack();
        await app.StartAsync();
        var bot = new SlackBot(folder, app, fake, logs);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        bot.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return bot;
    }

    public static string SlashCommand(string envelopeId, string channel, string text, string trigger, int retryAttempt = 0, string user = "U222", string command = "/imagine", string? responseUrl = null, string channelName = "general") =>
        JsonSerializer.Serialize(new
        {
            envelope_id = envelopeId,
            type = "slash_commands",
            accepts_response_payload = true,
            retry_attempt = retryAttempt,
            retry_reason = retryAttempt > 0 ? "timeout" : "",
            payload = new
            {
                token = "legacy",
                team_id = "T111",
                team_domain = "example",
                channel_id = channel,
                channel_name = channelName,
                user_id = user,
                user_name = "egon",
                command,
                text,
                api_app_id = "A111",
                response_url = responseUrl ?? "https://hooks.slack.com/commands/T111/1/secret",
                trigger_id = trigger,
            },
        });

    public static string ButtonPress(string envelopeId, string channel, string messageTs, string threadTs, string actionId, string resultId) =>
        JsonSerializer.Serialize(new
        {
            envelope_id = envelopeId,
            type = "interactive",
            accepts_response_payload = false,
            payload = new
            {
                type = "block_actions",
                user = new { id = "U222", username = "egon", team_id = "T111" },
                api_app_id = "A111",
                container = new { type = "message", message_ts = messageTs, channel_id = channel, is_ephemeral = false, thread_ts = threadTs },
                trigger_id = "trigger-" + envelopeId,
                team = new { id = "T111" },
                channel = new { id = channel },
                actions = new[] { new { action_id = actionId, block_id = "b", value = resultId, type = "button", action_ts = "1.2" } },
            },
        });

    /// <summary>
    /// The user submitting a modal the bot opened (Slack "view_submission" payload): the view's callback_id and the bot's
    /// private_metadata come back with the inputs' values under <c>state.values[block_id][action_id]</c>.
    /// </summary>
    public static string ViewSubmission(string envelopeId, JsonElement openedView, string prompt) =>
        JsonSerializer.Serialize(new
        {
            envelope_id = envelopeId,
            type = "interactive",
            accepts_response_payload = true,
            payload = new
            {
                type = "view_submission",
                team = new { id = "T111" },
                user = new { id = "U222", username = "egon", team_id = "T111" },
                api_app_id = "A111",
                trigger_id = "trigger-" + envelopeId,
                view = new
                {
                    id = "V111",
                    type = "modal",
                    callback_id = openedView.GetProperty("callback_id").GetString(),
                    private_metadata = openedView.GetProperty("private_metadata").GetString(),
                    state = new { values = new Dictionary<string, object> { ["prompt"] = new Dictionary<string, object> { ["prompt"] = new { type = "plain_text_input", value = prompt } } } },
                },
            },
        });

    /// <summary>A static select's choice: Slack sends <c>selected_option</c> and no <c>value</c> (Block Kit "Select menu element").</summary>
    public static string SelectPress(string envelopeId, string channel, string messageTs, string threadTs, string actionId, string optionValue) =>
        JsonSerializer.Serialize(new
        {
            envelope_id = envelopeId,
            type = "interactive",
            accepts_response_payload = false,
            payload = new
            {
                type = "block_actions",
                user = new { id = "U222", username = "egon", team_id = "T111" },
                api_app_id = "A111",
                container = new { type = "message", message_ts = messageTs, channel_id = channel, is_ephemeral = false, thread_ts = threadTs },
                trigger_id = "trigger-" + envelopeId,
                team = new { id = "T111" },
                channel = new { id = channel },
                actions = new[] { new { action_id = actionId, block_id = "b", type = "static_select", selected_option = new { text = new { type = "plain_text", text = "region" }, value = optionValue }, action_ts = "1.3" } },
            },
        });

    public static string Event(string envelopeId, string eventId, object @event) =>
        JsonSerializer.Serialize(new
        {
            envelope_id = envelopeId,
            type = "events_api",
            accepts_response_payload = false,
            payload = new
            {
                token = "legacy",
                team_id = "T111",
                api_app_id = "A111",
                @event,
                type = "event_callback",
                event_id = eventId,
                event_time = 1700000000,
                authorizations = new[] { new { team_id = "T111", user_id = "UBOT", is_bot = true } },
            },
        });

    /// <summary>Polls the fake until <paramref name="condition"/> holds; the bound is generous, a pass returns at once.</summary>
    public static async Task<T> WaitForAsync<T>(Func<T?> condition, string what, int seconds = 45)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (condition() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for " + what);
            }

            // Bounded poll for a value that must appear (deadline above); never used to show something did not happen.
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
        await Fake.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing connection; the temp folder is cleaned by the OS.
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using DiffusionBot.Chat.Downloads;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Discord.Mapping;
using DiffusionBot.Discord.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Discord.Tests.Adapter;

/// <summary>
/// The bot's services as production wires them (<see cref="ChatJobsServiceCollectionExtensions.AddChatJobs"/> with a
/// worker on SQLite in a temp folder, the forged demo model on the CPU, <see cref="DiscordServiceCollectionExtensions.AddDiscordAdapter"/>)
/// pointed at a fake Discord with a stateful guild.
/// </summary>
public sealed class DiscordBotFixture : IAsyncLifetime
{
    public const ulong BotUserId = 80351110224678912;

    private readonly string _folder = Directory.CreateTempSubdirectory("diffusionbot-discord-").FullName;
    private IHost _host = null!;
    private long _nextInteraction = 900_000_000_000_000_000;

    internal FakeDiscord Fake { get; private set; } = null!;

    internal FakeGuild Guild { get; } = new();

    /// <summary>Discord's rate limits, enforced on every test of the fixture.</summary>
    internal FakeRateLimits RateLimits { get; } = new();

    /// <summary>What the bot's image downloader read, byte by byte (it wraps the production handler).</summary>
    internal CountingHandler Downloads { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    /// <summary>The bot's log lines, warnings and above.</summary>
    internal LogCapture Logs { get; } = new();

    internal IServiceProvider Services => _host.Services;

    public async Task InitializeAsync()
    {
        Fake = await FakeDiscord.StartAsync();
        Fake.Rest.Guild = Guild;
        Fake.Rest.RateLimits = RateLimits;
        DemoModelForge.Write(Path.Combine(_folder, "models", DemoModelForge.DefaultFolderName));
        SdxlDemoPair.Write(Path.Combine(_folder, "models"));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Diffusion:ModelsPath"] = Path.Combine(_folder, "models"),
            ["Diffusion:Device"] = "cpu",
            ["Jobs:ConnectionString"] = $"Data Source={Path.Combine(_folder, "bot.db")}",
            ["Jobs:QueuePollSeconds"] = "0.05",
            ["Jobs:MaxQueuedPerUser"] = "10",
            ["Preview:Interval"] = "00:00:00",
            ["Discord:Token"] = FakeDiscord.Token,
            ["Discord:ApplicationId"] = FakeDiscord.ApplicationId.ToString(CultureInfo.InvariantCulture),
            ["Discord:ApiBaseUrl"] = Fake.ApiBaseUrl,
            ["Discord:GatewayUrl"] = Fake.GatewayUrl,
            ["Discord:GuildId"] = FakeGuild.GuildId.ToString(CultureInfo.InvariantCulture),
            ["Discord:CdnHosts:0"] = "127.0.0.1",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddProvider(Logs);
        builder.Services.AddChatJobs(builder.Configuration, runWorker: true);
        builder.Services.AddSingleton(new GuardedImageDownloader(new HttpClient(Downloads) { Timeout = DiscordServiceCollectionExtensions.DownloadTimeout }));
        builder.Services.AddDiscordAdapter(builder.Configuration);
        _host = builder.Build();
        await _host.StartAsync();
        await Fake.Gateway.WaitForAsync("identify");
        await WaitUntilAsync(() => Services.GetRequiredService<DiscordEventHandler>().BotUserId != 0, "READY");
    }

    public async Task DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await _host.StopAsync(stop.Token);
        }

        _host.Dispose();
        await Fake.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing worker; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>Delivers <c>/imagine</c> over the gateway; returns the interaction's token.</summary>
    /// <remarks><paramref name="appPermissions"/> overrides what the guild grants the bot there (a lock that came after the command).</remarks>
    internal Task<string> ImagineAsync(string prompt, ulong userId, JsonArray? extraOptions = null, JsonObject? resolved = null, ulong channelId = FakeGuild.ChannelId, string? appPermissions = null) =>
        InteractAsync(2, InteractionPayload.ImagineData(prompt, extraOptions, resolved), userId, InteractionPayload.TextChannel(channelId), channelId, appPermissions: appPermissions);

    /// <summary>
    /// The user typing into <c>/imagine</c>'s <paramref name="focused"/> option (autocomplete, type 4): the other options as
    /// typed so far, the focused one's partial text as a string, as Discord sends it.
    /// </summary>
    internal Task<string> AutocompleteAsync(string focused, string typed, string prompt = "", JsonArray? others = null)
    {
        var options = new JsonArray();
        if (focused != "prompt")
        {
            options.Add(new JsonObject { ["name"] = "prompt", ["type"] = 3, ["value"] = prompt });
        }

        foreach (var option in others ?? [])
        {
            options.Add(option!.DeepClone());
        }

        options.Add(new JsonObject { ["name"] = focused, ["type"] = 3, ["value"] = typed, ["focused"] = true });
        var data = new JsonObject { ["id"] = "771825006014889985", ["name"] = "imagine", ["type"] = 1, ["options"] = options };
        return InteractAsync(4, data, 1200, InteractionPayload.TextChannel(FakeGuild.ChannelId), FakeGuild.ChannelId);
    }

    /// <summary>Delivers <c>/quota SUBCOMMAND</c> from a member with <paramref name="permissions"/> (a decimal bitset) in <paramref name="channelId"/>.</summary>
    internal Task<string> QuotaAsync(string subcommand, ulong userId, string permissions, ulong channelId, JsonArray? options = null)
    {
        var sub = new JsonObject { ["name"] = subcommand, ["type"] = 1, ["options"] = options?.DeepClone() ?? new JsonArray() };
        var data = new JsonObject { ["id"] = "771825006014889986", ["name"] = "quota", ["type"] = 1, ["options"] = new JsonArray { sub } };
        return InteractAsync(2, data, userId, InteractionPayload.TextChannel(channelId), channelId, permissions);
    }

    /// <summary>Uses the Repaint message command on <paramref name="target"/> (a message object, as in <c>data.resolved.messages</c>).</summary>
    internal Task<string> RepaintAsync(JsonObject target, ulong userId, ulong channelId = FakeGuild.ChannelId)
    {
        var id = target["id"]!.GetValue<string>();
        var data = new JsonObject
        {
            ["id"] = "771825006014889987",
            ["name"] = RepaintCommand.Name,
            ["type"] = RepaintCommand.MessageCommand,
            ["target_id"] = id,
            ["resolved"] = new JsonObject { ["messages"] = new JsonObject { [id] = target.DeepClone() } },
        };
        return InteractAsync(2, data, userId, InteractionPayload.TextChannel(channelId), channelId);
    }

    /// <summary>Presses a button on a message in <paramref name="threadId"/> (a thread of the test channel).</summary>
    internal Task<string> PressAsync(string customId, ulong userId, ulong threadId) =>
        InteractAsync(
            3,
            new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 },
            userId,
            new JsonObject { ["id"] = Id(threadId), ["type"] = 11, ["parent_id"] = Id(FakeGuild.ChannelId) },
            threadId);

    /// <summary>Submits a form the bot opened (interaction type 5), with its prompt text input set to <paramref name="prompt"/>.</summary>
    internal Task<string> SubmitModalAsync(string customId, string prompt, ulong userId, ulong threadId) =>
        InteractAsync(
            5,
            new JsonObject
            {
                ["custom_id"] = customId,
                ["components"] = new JsonArray { new JsonObject { ["type"] = 1, ["components"] = new JsonArray { new JsonObject { ["type"] = 4, ["custom_id"] = "prompt", ["value"] = prompt } } } },
            },
            userId,
            new JsonObject { ["id"] = Id(threadId), ["type"] = 11, ["parent_id"] = Id(FakeGuild.ChannelId) },
            threadId);

    /// <summary>Picks <paramref name="value"/> in a string select (component type 3; Discord sends the choice in <c>data.values</c>).</summary>
    internal Task<string> SelectAsync(string customId, string value, ulong userId, ulong threadId) =>
        InteractAsync(
            3,
            new JsonObject { ["custom_id"] = customId, ["component_type"] = 3, ["values"] = new JsonArray { value } },
            userId,
            new JsonObject { ["id"] = Id(threadId), ["type"] = 11, ["parent_id"] = Id(FakeGuild.ChannelId) },
            threadId);

    private async Task<string> InteractAsync(int type, JsonObject data, ulong userId, JsonObject channel, ulong channelId, string permissions = "2147483647", string? appPermissions = null)
    {
        var id = (ulong)Interlocked.Increment(ref _nextInteraction);
        var token = $"interaction-token-{id}";
        var payload = InteractionPayload.Create(id, token, type, data, userId, channel, channelId, permissions, appPermissions ?? Guild.AppPermissions(channelId));
        var interaction = Guild.Register(id, token, channelId);
        interaction.Type = type;
        var frame = payload.ToJsonString();
        interaction.SentAt = Stopwatch.GetTimestamp();
        await Fake.Gateway.DispatchAsync("INTERACTION_CREATE", frame);
        return token;
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            // Bounded poll for a condition that must come true (deadline above); never used to show something did not happen.
            await Task.Delay(20);
        }
    }

    internal static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text.Json;
using DiffusionBot.Discord.Tests.Fakes;
using DiffusionBot.Slack.Tests.Fakes;

namespace DiffusionBot.Tests;

/// <summary>One real host process with Discord and Slack both configured, each against its protocol-faithful peer.</summary>
public sealed class BothAdaptersTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private const ulong DiscordChannel = 645027906669514001;
    private readonly string _folder = Directory.CreateTempSubdirectory("diffusionbot-both-").FullName;

    [Fact]
    public async Task Imagine_IsServedOnDiscordAndOnSlack_ByOneProcess()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var guild = new FakeGuild();
        discord.Rest.Guild = guild;

        // Discord's own interval: the fake's 1 s default exists to test heartbeats, and a busy two-core box starting a
        // child process can miss a beat that short and reconnect while the test is dispatching.
        discord.Gateway.HeartbeatIntervalMs = 41_250;
        await using var slack = await FakeSlack.StartAsync();
        using var bot = new BotProcess(_folder, new Dictionary<string, string>
        {
            ["Jobs:ConnectionString"] = $"Data Source={Path.Combine(_folder, "bot.db")}",
            ["Diffusion:ModelsPath"] = "models",
            ["Discord:Token"] = FakeDiscord.Token,
            ["Discord:ApplicationId"] = FakeDiscord.ApplicationId.ToString(CultureInfo.InvariantCulture),
            ["Discord:ApiBaseUrl"] = discord.ApiBaseUrl,
            ["Discord:GatewayUrl"] = discord.GatewayUrl,
            ["Discord:GuildId"] = FakeGuild.GuildId.ToString(CultureInfo.InvariantCulture),
            ["Slack:BotToken"] = FakeSlack.BotToken,
            ["Slack:AppToken"] = FakeSlack.AppToken,
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl,
        });
        await bot.WaitHealthyAsync();
        await discord.Gateway.WaitForAsync("ready");
        var socket = await slack.NextSocketAsync();

        const string Token = "interaction-token-both";
        guild.Register(900_000_000_000_000_001, Token, DiscordChannel);
        await discord.Gateway.DispatchAsync("INTERACTION_CREATE", InteractionPayload.Create(900_000_000_000_000_001, Token, 2, InteractionPayload.ImagineData("red --size 64x64 --steps 4"), 1001, InteractionPayload.TextChannel(DiscordChannel), DiscordChannel).ToJsonString());
        await socket.SendAsync(JsonSerializer.Serialize(new
        {
            envelope_id = "env-both",
            type = "slash_commands",
            accepts_response_payload = true,
            retry_attempt = 0,
            payload = new { team_id = "T111", channel_id = "C-BOTH", user_id = "U222", user_name = "egon", command = "/imagine", text = "red --size 64x64 --steps 4", api_app_id = "A111", trigger_id = "trig-both" },
        }));

        var discordResult = await WaitForAsync(() => guild.Interaction(Token).Original is { } status && guild.Threads.ContainsKey(status) ? guild.Messages.FirstOrDefault(m => m.ChannelId == status && m.Components is not null) : null, bot);
        var slackStatus = await WaitForAsync(() => slack.Messages.FirstOrDefault(m => m.Channel == "C-BOTH" && m.ThreadTs is null && m.Text?.StartsWith("Done", StringComparison.Ordinal) == true), bot);

        output.WriteLine($"first Discord ack after start-up: {guild.Interaction(Token).AckLatency?.TotalMilliseconds:0} ms");
        Assert.Equal(5, guild.Interaction(Token).AckType);
        Assert.Equal("""{"envelope_id":"env-both"}""", await socket.NextReceivedAsync());

        // Slack shows a shared file a moment after the upload completes (the fake does too).
        await slack.WhenSharesSettledAsync();
        Assert.Contains(slack.Thread("C-BOTH", slackStatus.Ts), m => m.Files.Count > 0);
        Assert.NotNull(discordResult.Components);
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> found, BotProcess bot)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (found() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "no result within 90 s; the bot said:\n" + bot.Log);
            // Bounded poll for a condition that must come true (deadline above); never used to show something did not happen.
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Tests;

/// <summary>Quota reservations are exact across chat processes that share one PostgreSQL database.</summary>
public sealed class QuotaExactnessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("diffusionbot-quota-").FullName;

    [Fact]
    public async Task FortyRequestsFromFourChatProcesses_AcceptExactlyTheTenImagesTheChannelAllows()
    {
        using var postgres = new PostgresServer();
        var connection = postgres.CreateDatabase();
        var bots = Enumerable.Range(1, 4).Select(i => new BotProcess(_folder, new Dictionary<string, string>
        {
            ["Roles"] = "chat",
            ["Jobs:Storage"] = "postgresql",
            ["Jobs:ConnectionString"] = connection,
            ["Jobs:MaxQueuedPerUser"] = "50",
            ["Diffusion:ModelsPath"] = "models",
            ["Playground:User"] = $"user{i}",
        })).ToList();
        try
        {
            await Task.WhenAll(bots.Select(b => b.WaitHealthyAsync()));
            Assert.StartsWith("This channel's quota is now: 10 images per 24 h", await SayAsync(bots[0], "/quota set 10 per 24h"), StringComparison.Ordinal);

            var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => SayAsync(bots[i % 4], $"/imagine red --seed {i}")));

            Assert.Equal(10, answers.Count(a => a is "Painting now…" || a.StartsWith("Queued", StringComparison.Ordinal)));
            Assert.Equal(30, answers.Count(a => a.StartsWith("This channel has used 10 of 10 images in the last 24 h; the next one frees up in", StringComparison.Ordinal)));
        }
        finally
        {
            bots.ForEach(b => b.Dispose());
        }
    }

    private static async Task<string> SayAsync(BotProcess bot, string text)
    {
        using var http = new HttpClient { BaseAddress = bot.BaseAddress };
        using var response = await http.PostAsJsonAsync("api/messages", new { text });
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} for '{text}'; the bot said:\n{bot.Log}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString() ?? "";
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

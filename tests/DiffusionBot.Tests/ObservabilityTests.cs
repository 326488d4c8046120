using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Storage;

namespace DiffusionBot.Tests;

/// <summary>
/// What an operator sees of the real host: the Prometheus figures at <c>/metrics</c> after a few jobs, and the Hangfire
/// dashboard naming jobs by their prompt, showing a failed render as Failed, and cancelling a request whose job is deleted.
/// </summary>
public sealed partial class ObservabilityTests : IDisposable
{
    private const string Password = "dashboard-secret";
    private readonly string _folder = Directory.CreateTempSubdirectory("diffusionbot-observe-").FullName;

    [Fact]
    public async Task Metrics_ReportQueueRenderAckQuotaAndFailureFigures_AfterAFewJobs()
    {
        using var bot = Start("chat,worker");
        await bot.WaitHealthyAsync();
        using var http = new HttpClient { BaseAddress = bot.BaseAddress };
        var requests = Requests();
        var done = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            done.Add(await ImagineAsync(http, bot, $"red --size 64x64 --steps 12 --seed {i}"));
        }

        var failed = await ImagineAsync(http, bot, "blue --size 64x64 --model broken");
        await SayAsync(http, "/quota off");
        var refused = await SayAsync(http, "/imagine red --size 64x64");
        await SayAsync(http, "/quota clear");
        await WaitUntilAsync(() => done.All(id => requests.Status(id) == RequestStatus.Done) && requests.Status(failed) == RequestStatus.Failed);
        Assert.False(refused.TryGetProperty("requestId", out var id) && id.ValueKind == JsonValueKind.String, "the quota refused the command");

        var metrics = Parse(await http.GetStringAsync(new Uri("metrics", UriKind.Relative)));

        Assert.True(Value(metrics, "diffusionbot_requests_queued_total", "kind=\"imagine\"") >= 4);
        Assert.True(Value(metrics, "diffusionbot_requests_completed_total") >= 3);
        Assert.Equal(1, Value(metrics, "diffusionbot_requests_failed_total", "reason=\"invalid_request\""));
        Assert.Equal(1, Value(metrics, "diffusionbot_quota_refusals_total", "platform=\"Playground\""));
        Assert.Equal(0, Value(metrics, "diffusionbot_queue_depth"));
        Assert.True(Value(metrics, "diffusionbot_queue_wait_seconds_count") >= 4);
        Assert.True(Value(metrics, "diffusionbot_queue_wait_seconds_sum") > 0);
        Assert.Equal(3, Value(metrics, "diffusionbot_render_duration_seconds_count", "model=\"demo\"", "size=\"64x64\""));
        var renderSeconds = Value(metrics, "diffusionbot_render_duration_seconds_sum", "model=\"demo\"", "size=\"64x64\"");
        Assert.InRange(renderSeconds, 0.0001, 300);
        Assert.Equal(3, Value(metrics, "diffusionbot_denoising_steps_per_second_count", "model=\"demo\""));
        var stepsPerSecond = Value(metrics, "diffusionbot_denoising_steps_per_second_sum", "model=\"demo\"") / 3;
        // Each render did 12 steps in its own time t; the mean of 12/t is at least 36 steps over the summed times (AM-HM).
        Assert.InRange(stepsPerSecond, 36 / renderSeconds * 0.999, 1e6);
        Assert.True(Value(metrics, "diffusionbot_ack_duration_seconds_count", "platform=\"Playground\"") >= 7);
        Assert.InRange(Value(metrics, "diffusionbot_ack_duration_seconds_sum", "platform=\"Playground\""), 0.00001, 60);
        Assert.True(Value(metrics, "diffusionbot_previews_sent_total") + Value(metrics, "diffusionbot_previews_dropped_total") >= 1, "previews offered");
    }

    [Fact]
    public async Task Dashboard_NamesEachJobByItsPrompt_AndShowsAFailedRenderAsFailed_WithTheReason()
    {
        using var bot = Start("chat,worker");
        await bot.WaitHealthyAsync();
        using var http = Dashboard(bot);
        var requests = Requests();
        var ok = await ImagineAsync(http, bot, "a lighthouse at dusk in red --size 64x64 --steps 4");
        var bad = await ImagineAsync(http, bot, "a broken dream of blue --size 64x64 --model broken");
        await WaitUntilAsync(() => requests.Status(ok) == RequestStatus.Done && requests.Status(bad) == RequestStatus.Failed);

        var succeeded = await WaitForPageAsync(http, "hangfire/jobs/succeeded", "a lighthouse at dusk in red");
        Assert.Matches($"Playground #[^ <]+ imagine: “a lighthouse at dusk in red” \\(request {ok[..8]}\\)", WebUtility.HtmlDecode(succeeded));
        Assert.DoesNotContain("a broken dream", succeeded, StringComparison.Ordinal);

        var failedPage = await WaitForPageAsync(http, "hangfire/jobs/failed", "a broken dream of blue");
        Assert.Contains(nameof(RequestFailedException), failedPage, StringComparison.Ordinal);
        var reason = requests.Get(bad)!.Error!;
        Assert.Contains(WebUtility.HtmlEncode(reason), failedPage, StringComparison.Ordinal);

        // The retention purge is a recurring job the worker registers.
        Assert.Contains(RetentionJob.RecurringId, await http.GetStringAsync(new Uri("hangfire/recurring", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashboardDelete_CancelsTheWaitingRequest_GivesTheQuotaBack_AndTellsTheUser()
    {
        // No worker: the request waits, as it would behind a busy GPU.
        using var bot = Start("chat");
        await bot.WaitHealthyAsync();
        using var http = Dashboard(bot);
        await SayAsync(http, "/quota set 2 per 24h");
        var requests = Requests();
        var id = await ImagineAsync(http, bot, "a quiet harbour --size 64x64 --n 2", waitForDone: false);
        Assert.Equal(RequestStatus.Queued, requests.Status(id));
        Assert.Contains("0 left", (await SayAsync(http, "/quota show")).GetProperty("message").GetString(), StringComparison.Ordinal);
        var jobId = JobOf(id);

        await WaitForPageAsync(http, "hangfire/jobs/enqueued/gpu", "a quiet harbour");
        await DeleteInDashboardAsync(http, "enqueued", jobId);

        await WaitUntilAsync(() => requests.Status(id) == RequestStatus.Cancelled);
        await WaitUntilAsync(() => PlaygroundTexts().Any(t => t.Contains(DashboardDeleteFilter.UserNotice, StringComparison.Ordinal)));
        Assert.Contains("2 left", (await SayAsync(http, "/quota show")).GetProperty("message").GetString(), StringComparison.Ordinal);
        var details = await http.GetStringAsync(new Uri($"hangfire/jobs/details/{jobId}", UriKind.Relative));
        Assert.Contains("Deleted", details, StringComparison.Ordinal);
        Assert.Contains("a quiet harbour", details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashboardDelete_StopsTheRunningRequest_WithoutRequeuingIt_AndTellsTheUser()
    {
        using var bot = Start("chat,worker");
        await bot.WaitHealthyAsync();
        using var http = Dashboard(bot);
        var requests = Requests();
        var id = await ImagineAsync(http, bot, "red --size 1024x1024 --steps 150 --n 2", waitForDone: false);
        await WaitUntilAsync(() => requests.Status(id) == RequestStatus.Running);
        var jobId = JobOf(id);

        await DeleteInDashboardAsync(http, "processing", jobId);

        await WaitUntilAsync(() => requests.Status(id) == RequestStatus.Cancelled);
        await WaitUntilAsync(() => PlaygroundTexts().Contains("Cancelled."));
        Assert.Equal(0, Query("SELECT COUNT(*) FROM dbot_images WHERE request_id = @id", id).Select(long.Parse).Single());
        Assert.Contains("Deleted", await http.GetStringAsync(new Uri($"hangfire/jobs/details/{jobId}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_ShowsTheJobAsDeleted_WhetherItsRequestWasWaitingOrRunning()
    {
        using var bot = Start("chat,worker");
        await bot.WaitHealthyAsync();
        using var http = Dashboard(bot);
        var requests = Requests();
        var running = await ImagineAsync(http, bot, "red --size 1024x1024 --steps 150 --n 2", waitForDone: false);
        var waiting = await ImagineAsync(http, bot, "blue --size 64x64", waitForDone: false);
        await WaitUntilAsync(() => requests.Status(running) == RequestStatus.Running);
        var waitingJob = JobOf(waiting);

        await SayAsync(http, "/cancel");
        await WaitUntilAsync(() => requests.Status(waiting) == RequestStatus.Cancelled);
        var runningJob = JobOf(running);
        await SayAsync(http, "/cancel");
        await WaitUntilAsync(() => requests.Status(running) == RequestStatus.Cancelled);

        await WaitForPageAsync(http, $"hangfire/jobs/details/{waitingJob}", "Deleted");
        var details = await WaitForPageAsync(http, $"hangfire/jobs/details/{runningJob}", JobOutcomeStateFilter.CancelledReason);
        Assert.Contains("Deleted", details, StringComparison.Ordinal);
        Assert.DoesNotContain(">Succeeded<", details, StringComparison.Ordinal);
    }

    private BotProcess Start(string roles)
    {
        // A model folder the catalog lists but cannot open: dispatch accepts it, the render fails with the reason.
        var broken = Path.Combine(_folder, "models", "broken");
        Directory.CreateDirectory(broken);
        File.WriteAllText(Path.Combine(broken, "model_index.json"), "{}");
        DiffusionBot.Diffusion.Forge.DemoModelForge.Write(Path.Combine(_folder, "models", "demo"));
        return new BotProcess(_folder, new Dictionary<string, string>
        {
            ["Roles"] = roles,
            ["Jobs:ConnectionString"] = $"Data Source={DatabasePath}",
            ["Jobs:MaxQueuedPerUser"] = "20",
            ["Diffusion:ModelsPath"] = "models",
            ["Dashboard:Password"] = Password,
            ["Preview:Interval"] = "00:00:00.01",
        });
    }

    private string DatabasePath => Path.Combine(_folder, "bot.db");

    private RequestStore Requests() => new(new BotDatabase(new JobsOptions { ConnectionString = $"Data Source={DatabasePath}" }), TimeProvider.System);

    private static HttpClient Dashboard(BotProcess bot)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = bot.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{Password}")));
        return http;
    }

    /// <summary>Presses Delete on a job of the dashboard's <paramref name="list"/> page (enqueued, processing), as an operator does.</summary>
    private static async Task DeleteInDashboardAsync(HttpClient http, string list, string jobId)
    {
        var page = await http.GetStringAsync(new Uri($"hangfire/jobs/{list}", UriKind.Relative));
        using var delete = new HttpRequestMessage(HttpMethod.Post, new Uri($"hangfire/jobs/{list}/delete", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("jobs[]", jobId)]),
        };
        AddCsrf(delete, page);
        using var response = await http.SendAsync(delete);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The dashboard's own CSRF token (Hangfire's layout puts header name and token in meta tags).</summary>
    private static void AddCsrf(HttpRequestMessage request, string page)
    {
        var header = CsrfHeader().Match(page);
        var token = CsrfToken().Match(page);
        if (header.Success && token.Success && header.Groups[1].Value.Length > 0)
        {
            request.Headers.TryAddWithoutValidation(header.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[1].Value));
        }
    }

    private static async Task<string> WaitForPageAsync(HttpClient http, string path, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var page = await http.GetStringAsync(new Uri(path, UriKind.Relative));
            if (page.Contains(WebUtility.HtmlEncode(text), StringComparison.Ordinal) || page.Contains(text, StringComparison.Ordinal))
            {
                return page;
            }

            Assert.True(DateTime.UtcNow < deadline, $"'{text}' never showed on /{path}:\n{page}");

            // Bounded poll for text that must show up (the dashboard reads storage); nothing is concluded from its absence.
            await Task.Delay(100);
        }
    }

    private async Task<string> ImagineAsync(HttpClient http, BotProcess bot, string prompt, bool waitForDone = true)
    {
        var body = await SayAsync(http, $"/imagine {prompt}");
        var id = body.TryGetProperty("requestId", out var value) ? value.GetString() : null;
        Assert.True(id is not null, $"Not queued: {body}\n{bot.Log}");
        if (waitForDone)
        {
            var requests = Requests();
            await WaitUntilAsync(() => requests.Status(id!) is { } status && RequestStatus.IsFinal(status));
        }

        return id!;
    }

    private static async Task<JsonElement> SayAsync(HttpClient http, string text)
    {
        using var response = await http.PostAsJsonAsync(new Uri("api/messages", UriKind.Relative), new { text });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private string JobOf(string requestId) => Query("SELECT job_id FROM dbot_requests WHERE id = @id", requestId).Single();

    private List<string> PlaygroundTexts() => Query("SELECT text FROM dbot_playground_messages WHERE @id = @id", "");

    private List<string> Query(string sql, string id)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@id", id);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    /// <summary>Prometheus text format: each sample line as (name with labels, value).</summary>
    private static List<(string Series, double Value)> Parse(string text) =>
        [.. text.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => (Series: line[..line.LastIndexOf(' ')], Value: double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)))];

    /// <summary>The sum over every series of <paramref name="name"/> carrying all <paramref name="labels"/>; 0 when there is none.</summary>
    private static double Value(List<(string Series, double Value)> metrics, string name, params string[] labels) => metrics
        .Where(m => (m.Series == name || m.Series.StartsWith(name + "{", StringComparison.Ordinal)) && labels.All(l => m.Series.Contains(l, StringComparison.Ordinal)))
        .Sum(m => m.Value);

    private static async Task WaitUntilAsync(Func<bool> condition, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met within {seconds} s");

            // Bounded poll for a state the bot must reach (another process writes it); never a proof that something did not happen.
            await Task.Delay(20);
        }
    }

    [GeneratedRegex("<meta name=\"csrf-header\" content=\"([^\"]*)\"")]
    private static partial Regex CsrfHeader();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]*)\"")]
    private static partial Regex CsrfToken();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the dying host; the temp folder is cleaned later.
        }
    }
}

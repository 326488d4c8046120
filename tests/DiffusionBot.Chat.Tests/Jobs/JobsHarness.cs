using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Chat.Quotas;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Chat.Tests.Jobs;

/// <summary>
/// The dispatcher, stores and job over a real database (SQLite file or PostgreSQL) and the real
/// demo-model pipeline; the queue records job ids so a test runs each job when it chooses.
/// </summary>
internal sealed class JobsHarness : IDisposable, IJobQueue, IChatReplyRouter
{
    private readonly string _folder = Directory.CreateTempSubdirectory("diffusionbot-jobs-").FullName;

    public JobsHarness(Func<string, JobsOptions> jobsIn, TimeProvider? time = null)
    {
        var jobs = jobsIn(_folder);
        Time = time ?? TimeProvider.System;
        DemoModelForge.Write(Path.Combine(_folder, "models", "demo"));
        Engine = new EngineOptions { ModelsPath = Path.Combine(_folder, "models"), UpscalersPath = Path.Combine(_folder, "upscalers"), Device = "cpu", MaxPixels = 512 * 512 };
        Jobs = jobs;
        Database = new BotDatabase(jobs);
        Requests = new RequestStore(Database, Time);
        Results = new ResultStore(Database, Time);
        Quotas = new QuotaStore(Database, Options.Create(new QuotaOptions()), Time);
        Pipelines = new PipelineHost(Options.Create(Engine), new SessionFactory("cpu"), NullLogger<PipelineHost>.Instance);
        Dispatcher = new CommandDispatcher(Requests, Results, this, this, Options.Create(Engine), Options.Create(jobs), new ModelFolderNames(Options.Create(Engine)), new PromptFlagParser(Options.Create(Engine)), Running, Quotas, Lane, Time, NullLogger<CommandDispatcher>.Instance);
    }

    public TimeProvider Time { get; }

    public EngineOptions Engine { get; }

    public JobsOptions Jobs { get; }

    public BotDatabase Database { get; }

    public RequestStore Requests { get; }

    public ResultStore Results { get; }

    public PipelineHost Pipelines { get; }

    public QuotaStore Quotas { get; }

    public CommandDispatcher Dispatcher { get; }

    public RunningRequests Running { get; } = new();

    public DispatchLane Lane { get; } = new(1);

    public RecordedChannel Channel { get; } = new();

    public System.Collections.Concurrent.ConcurrentQueue<string> Enqueued { get; } = new();

    public PromptFlagParser Prompts => new(Options.Create(Engine));

    public string Enqueue(string requestId)
    {
        Enqueued.Enqueue(requestId);
        return requestId;
    }

    /// <summary>The tests run each job themselves, so a recorded job is pending until they do.</summary>
    public bool IsPending(string jobId) => true;

    public void Discard(string jobId)
    {
    }

    /// <summary>A dispatcher of this bot that queues through <paramref name="queue"/> (real Hangfire, say).</summary>
    public CommandDispatcher DispatcherWith(IJobQueue queue, Microsoft.Extensions.Logging.ILogger<CommandDispatcher>? logger = null) =>
        new(Requests, Results, queue, this, Options.Create(Engine), Options.Create(Jobs), new ModelFolderNames(Options.Create(Engine)), Prompts, Running, Quotas, Lane, Time, logger ?? NullLogger<CommandDispatcher>.Instance);

    /// <summary>Hangfire's real storage over this bot's database, as the host configures it.</summary>
    public Hangfire.JobStorage HangfireStorage() => Database.SqliteFile is { } file
        ? new Hangfire.Storage.SQLite.SQLiteStorage(file, new Hangfire.Storage.SQLite.SQLiteStorageOptions())
        : new Hangfire.PostgreSql.PostgreSqlStorage(
            new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(Jobs.ConnectionString, new Hangfire.PostgreSql.PostgreSqlStorageOptions()),
            new Hangfire.PostgreSql.PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true });

    /// <summary>The queue job last recorded for a request (null when none).</summary>
    public string? JobIdOf(string requestId)
    {
        using var connection = Database.Open();
        using var command = BotDatabase.Command(connection, "SELECT job_id FROM dbot_requests WHERE id = @id", ("@id", requestId));
        return command.ExecuteScalar() as string;
    }

    /// <summary>
    /// Makes the database itself refuse every <paramref name="operation"/> (INSERT, UPDATE) on
    /// <paramref name="table"/>, the way a full disk or a busy database fails a write; dispose to heal.
    /// </summary>
    public IDisposable FailWrites(string table, string operation)
    {
        var name = $"fail_{table}_{operation.ToLowerInvariant()}";
        using var connection = Database.Open();
        if (Database.SqliteFile is not null)
        {
            BotDatabase.Execute(connection, $"CREATE TRIGGER {name} BEFORE {operation} ON {table} BEGIN SELECT RAISE(ABORT, 'database is busy'); END;");
            return new Healer(this, $"DROP TRIGGER {name}");
        }

        BotDatabase.Execute(connection, $"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'database is busy'; END $$ LANGUAGE plpgsql;");
        BotDatabase.Execute(connection, $"CREATE TRIGGER {name} BEFORE {operation} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}();");
        return new Healer(this, $"DROP TRIGGER {name} ON {table}; DROP FUNCTION {name}();");
    }

    private sealed class Healer(JobsHarness bot, string sql) : IDisposable
    {
        public void Dispose()
        {
            using var connection = bot.Database.Open();
            BotDatabase.Execute(connection, sql);
        }
    }

    /// <summary>Makes a request's lease run out on the database's clock, as if its worker stopped renewing long ago.</summary>
    public void ExpireLease(string requestId)
    {
        using var connection = Database.Open();
        BotDatabase.Execute(connection, "UPDATE dbot_requests SET lease_until = 0 WHERE id = @id AND lease_until IS NOT NULL", ("@id", requestId));
    }

    public IChatReply For(ChatPlatform platform) => Channel;

    public GenerateImagesJob Job(WorkerIdentity? worker = null) => new(
        Requests,
        Results,
        Pipelines,
        this,
        worker ?? new WorkerIdentity(),
        Running,
        Quotas,
        Options.Create(Jobs),
        Options.Create(new PreviewOptions { Interval = TimeSpan.Zero }),
        Time,
        NullLoggerFactory.Instance);

    public static CommandOrigin Origin(string user = "u1", bool admin = false, string channel = "general") =>
        new(ChatPlatform.Playground, "local", channel, null, user, user, admin, false, new ReplyAddress(ChatPlatform.Playground, channel, MessageId: "status"));

    public Imagine Imagine(string text, string user = "u1") => new(Origin(user), Prompts.Parse(text));

    public async Task<DispatchOutcome.Queued> QueueAsync(string text, string user = "u1")
    {
        var outcome = await Dispatcher.DispatchAsync(Imagine(text, user), CancellationToken.None);
        return Assert.IsType<DispatchOutcome.Queued>(outcome);
    }

    public void Dispose()
    {
        Pipelines.Dispose();
        Lane.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

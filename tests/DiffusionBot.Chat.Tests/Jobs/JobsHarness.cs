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
        Engine = new EngineOptions { ModelsPath = Path.Combine(_folder, "models"), Device = "cpu", MaxPixels = 512 * 512 };
        Jobs = jobs;
        Database = new BotDatabase(jobs);
        Requests = new RequestStore(Database, Time);
        Results = new ResultStore(Database, Time);
        Quotas = new QuotaStore(Database, Options.Create(new QuotaOptions()), Time);
        Pipelines = new PipelineHost(Options.Create(Engine), new SessionFactory("cpu"), NullLogger<PipelineHost>.Instance);
        Dispatcher = new CommandDispatcher(Requests, Results, this, this, Options.Create(Engine), Options.Create(jobs), new ModelFolderNames(Options.Create(Engine)), new PromptFlagParser(Options.Create(Engine)), Running, Quotas, Time);
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

    public RecordedChannel Channel { get; } = new();

    public System.Collections.Concurrent.ConcurrentQueue<string> Enqueued { get; } = new();

    public PromptFlagParser Prompts => new(Options.Create(Engine));

    public string Enqueue(string requestId)
    {
        Enqueued.Enqueue(requestId);
        return requestId;
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
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

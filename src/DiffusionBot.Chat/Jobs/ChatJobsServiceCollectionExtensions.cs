using DiffusionBot.Chat.Replies;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Models;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Chat.Jobs;

/// <summary>Registers the dispatcher, the stores and Hangfire; <paramref name="runWorker"/> adds the GPU worker.</summary>
public static class ChatJobsServiceCollectionExtensions
{
    public static IServiceCollection AddChatJobs(this IServiceCollection services, IConfiguration configuration, bool runWorker)
    {
        services.AddOptions<EngineOptions>().Bind(configuration.GetSection(EngineOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, Diffusion.Device.CudaOptionsValidator>());
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptionsWithValidateOnStart<PreviewOptions, PreviewOptionsValidator>().Bind(configuration.GetSection(PreviewOptions.SectionName));
        services.AddOptionsWithValidateOnStart<Quotas.QuotaOptions, Quotas.QuotaOptionsValidator>().Bind(configuration.GetSection(Quotas.QuotaOptions.SectionName));
        services.TryAddSingleton<Quotas.QuotaStore>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new BotDatabase(sp.GetRequiredService<IOptions<JobsOptions>>().Value));
        services.TryAddSingleton<RequestStore>();
        services.TryAddSingleton<ResultStore>();
        services.TryAddSingleton<IModelNames, ModelFolderNames>();
        services.TryAddSingleton<IChatReplyRouter, KeyedChatReplyRouter>();
        services.TryAddSingleton<IJobQueue, HangfireJobQueue>();
        services.TryAddSingleton(sp => new DispatchLane(sp.GetRequiredService<BotDatabase>().SqliteFile is null ? Environment.ProcessorCount : 1));
        services.TryAddSingleton<CommandDispatcher>();
        services.TryAddSingleton<WorkerIdentity>();
        services.TryAddSingleton<RunningRequests>();
        services.TryAddSingleton<Prompts.PromptFlagParser>();
        services.TryAddSingleton<ISessionFactory>(sp =>
        {
            var engine = sp.GetRequiredService<IOptions<EngineOptions>>().Value;
            return new SessionFactory(engine.Device, engine.DeviceId, sp.GetRequiredService<ILoggerFactory>().CreateLogger<SessionFactory>(), engine.Cuda, engine.Cpu);
        });
        services.TryAddSingleton<PipelineHost>();
        services.TryAddTransient<GenerateImagesJob>();
        services.TryAddSingleton<RetentionPurge>();
        services.TryAddTransient<RetentionJob>();
        services.TryAddSingleton<JobLabels>();
        services.TryAddSingleton<DashboardDeleteFilter>();

        services.AddHangfire((sp, hangfire) =>
        {
            var jobs = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            var database = sp.GetRequiredService<BotDatabase>();
            var poll = TimeSpan.FromSeconds(jobs.QueuePollSeconds);
            hangfire.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings()
                .UseFilter(new JobOutcomeStateFilter()).UseFilter(sp.GetRequiredService<DashboardDeleteFilter>());
            if (database.SqliteFile is { } file)
            {
                hangfire.UseStorage(HangfireSqliteStorage.Create(file, new SQLiteStorageOptions { QueuePollInterval = poll }));
            }
            else
            {
                hangfire.UsePostgreSqlStorage(
                    o => o.UseNpgsqlConnection(jobs.ConnectionString),
                    new PostgreSqlStorageOptions { QueuePollInterval = poll, PrepareSchemaIfNecessary = true, UseSlidingInvisibilityTimeout = true });
            }
        });

        if (runWorker)
        {
            services.AddHostedService<PipelineWarmup>();
            services.AddHangfireServer((sp, server) =>
            {
                server.Queues = [JobsOptions.GpuQueue];
                server.WorkerCount = 1;
                server.ServerName = sp.GetRequiredService<WorkerIdentity>().Name;
                server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            });
            services.AddHostedService<OrphanSweeper>();
            services.AddHostedService<RetentionSchedule>();
        }

        return services;
    }
}

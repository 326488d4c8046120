using System.ComponentModel.DataAnnotations;

namespace DiffusionBot.Chat.Jobs;

/// <summary>The <c>Jobs</c> configuration section: where the queue lives and how workers behave.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";
    public const string DefaultConnectionString = "Data Source=data/diffusionbot.db";
    public const string GpuQueue = "gpu";
    public const int DefaultMaxQueuedPerUser = 3;
    public const double DefaultLeaseSeconds = 30;
    public const double DefaultQueuePollSeconds = 0.05;
    public const int DefaultMaxAttempts = 5;
    public const int DefaultRetentionDays = 30;

    /// <summary><c>sqlite</c> (a file under <c>data/</c>, nothing to install) or <c>postgresql</c> (scale-out).</summary>
    [RegularExpression("^(sqlite|postgresql)$")]
    public string Storage { get; set; } = Sqlite;

    /// <summary>The database that holds Hangfire's queue and the bot's requests, results and message map.</summary>
    [Required]
    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary>Most jobs one user may have waiting or running.</summary>
    [Range(1, 1000)]
    public int MaxQueuedPerUser { get; set; } = DefaultMaxQueuedPerUser;

    /// <summary>How long a worker's claim on a request lasts without renewal.</summary>
    /// <remarks>
    /// A worker renews its lease three times per period; a request whose lease ran out belongs to a
    /// dead worker and is queued again by any live one, which is how a crash loses no job.
    /// </remarks>
    [Range(2, 3600)]
    public double LeaseSeconds { get; set; } = DefaultLeaseSeconds;

    /// <summary>How many times a request may be started before it is given up as failed.</summary>
    /// <remarks>
    /// A request whose worker dies, or whose result cannot be posted, is taken up again when its
    /// lease runs out; this bounds that, so a channel that rejects every post does not loop forever.
    /// </remarks>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    /// <summary>How often an idle worker asks the queue for work.</summary>
    /// <remarks>Short, so a job starts within about 100 ms of being queued on an idle worker.</remarks>
    [Range(0.01, 60)]
    public double QueuePollSeconds { get; set; } = DefaultQueuePollSeconds;

    /// <summary>How many days finished requests, their images and their message links are kept.</summary>
    /// <remarks>
    /// An hourly job purges older ones, so the database stays bounded; buttons on a purged result answer that it
    /// has expired. Quota usage is kept apart and is not purged here (a quota window is up to 30 days).
    /// </remarks>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = DefaultRetentionDays;
}

using System.Diagnostics;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Chat.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DiffusionBot.Benchmarks.Spine;

/// <summary>The spine's entry points the benchmark drives, resolved once from the host.</summary>
internal sealed class SpineBot(IServiceProvider services, TimedChannel channel)
{
    /// <summary>How long the worker is left alone before an idle-start sample.</summary>
    /// <remarks>Several queue polls, so the worker has finished the previous job's bookkeeping and is waiting for work.</remarks>
    public static readonly TimeSpan IdleGap = TimeSpan.FromMilliseconds(300);

    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(2);

    /// <summary>How often a waiter looks for <c>finished_at</c> once the result is posted.</summary>
    /// <remarks>The times come from the database, so polling gently loses no precision and keeps the waiter off the job's CPU.</remarks>
    private static readonly TimeSpan FinishPoll = TimeSpan.FromMilliseconds(10);

    private readonly CommandDispatcher _dispatcher = services.GetRequiredService<CommandDispatcher>();
    private readonly PromptFlagParser _prompts = services.GetRequiredService<PromptFlagParser>();
    private readonly RequestStore _requests = services.GetRequiredService<RequestStore>();

    /// <summary>
    /// Dispatches an <c>/imagine</c>; the time covers <see cref="CommandDispatcher.DispatchAsync"/> only.
    /// The id is null when the command was not queued (the dispatcher's answer is written to stderr).
    /// </summary>
    public async Task<(string? Id, double Milliseconds)> DispatchAsync(string text, string user)
    {
        var origin = new CommandOrigin(ChatPlatform.Playground, "local", "bench", null, user, user, false, false, new ReplyAddress(ChatPlatform.Playground, "bench", MessageId: "status"));
        var command = new Imagine(origin, _prompts.Parse(text));
        var start = Stopwatch.GetTimestamp();
        var outcome = await _dispatcher.DispatchAsync(command, CancellationToken.None).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (outcome is DispatchOutcome.Queued queued)
        {
            return (queued.RequestId, elapsed);
        }

        Console.Error.WriteLine($"not queued: '{text}': {outcome.Message}");
        return (null, elapsed);
    }

    /// <summary>Dispatches one command and waits for it; null when it was not queued or did not finish in time.</summary>
    public async Task<RequestTiming?> RunOneAsync(string text, string user)
    {
        var (id, _) = await DispatchAsync(text, user).ConfigureAwait(false);
        if (id is null)
        {
            return null;
        }

        try
        {
            return await WaitDoneAsync(id).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            Console.Error.WriteLine(e.Message);
            return null;
        }
    }

    /// <summary>Waits until the request's result is posted and the request is finished.</summary>
    public async Task<RequestTiming> WaitDoneAsync(string id)
    {
        await channel.PostedAsync(id).WaitAsync(JobTimeout).ConfigureAwait(false);
        var deadline = Stopwatch.GetTimestamp() + (long)(JobTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (_requests.Timing(id) is { FinishedAt: not null } timing)
            {
                return timing;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Request {id} was posted but never finished.");
            }

            // Benchmark poll with a deadline for a posted request to finish; timings come from the request's own timestamps.
            await Task.Delay(FinishPoll).ConfigureAwait(false);
        }
    }

    public async Task WaitAllDoneAsync(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            await WaitDoneAsync(id).ConfigureAwait(false);
        }
    }
}

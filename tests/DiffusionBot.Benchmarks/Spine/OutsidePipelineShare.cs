using System.Globalization;
using DiffusionBot.Benchmarks.Reporting;

namespace DiffusionBot.Benchmarks.Spine;

/// <summary>
/// How much of a job's wall time (claim → finish) is spent outside <c>DiffusionPipeline.Generate</c>:
/// <see cref="Share"/> over all measured jobs together.
/// </summary>
internal sealed record OutsidePipelineShare(
    int Width,
    int Height,
    int Steps,
    int WarmupJobs,
    int Jobs,
    double PreviewIntervalSeconds,
    double PreviewsPerJob,
    double? JobWallMsP50,
    double? GenerateMsP50,
    double? OutsideMsP50,
    double? OutsideMsP99,
    double OutsideMsMax,
    double Share,
    string Method)
{
    private const int Width512 = 512;
    private const int StepCount = 20;
    private const int ShareJobs = 10;
    private const int WarmupShareJobs = 2;

    public static async Task<OutsidePipelineShare> MeasureAsync(SpineBot bot, GenerationLog log, TimedChannel channel, TimeSpan previewInterval)
    {
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(channel);
        var prompt = string.Create(CultureInfo.InvariantCulture, $"red circle --size {Width512}x{Width512} --steps {StepCount}");
        var walls = new List<double?>();
        var generates = new List<double?>();
        var previews = 0;
        for (var i = 0; i < WarmupShareJobs + ShareJobs; i++)
        {
            // Part of what is measured: each job starts after an idle gap, as a real one would.
            await Task.Delay(SpineBot.IdleGap).ConfigureAwait(false);
            log.Take();
            channel.TakePreviews();
            var timing = await bot.RunOneAsync(prompt, "share").ConfigureAwait(false) ?? throw new InvalidOperationException("A 512² job did not finish; the share cannot be measured.");
            var generated = log.Take();
            if (generated.Count != 1)
            {
                throw new InvalidOperationException($"Expected one generation per job, saw {generated.Count}.");
            }

            if (i >= WarmupShareJobs)
            {
                walls.Add((timing.FinishedAt!.Value - timing.StartedAt!.Value).TotalMilliseconds);
                generates.Add(generated[0]);
                previews += channel.TakePreviews();
            }
        }

        var outside = walls.Select((wall, i) => wall - generates[i]).ToList();
        return new OutsidePipelineShare(
            Width512,
            Width512,
            StepCount,
            WarmupShareJobs,
            ShareJobs,
            previewInterval.TotalSeconds,
            (double)previews / ShareJobs,
            NearestRank.Of(walls, 50),
            NearestRank.Of(generates, 50),
            NearestRank.Of(outside, 50),
            NearestRank.Of(outside, 99),
            outside.Max() ?? 0,
            outside.Sum()!.Value / walls.Sum()!.Value,
            "Wall = started_at → finished_at of the request (RequestStore.TryClaim → Finish, whole ms); inside = the pipeline's logged Generate time (GenerationResult.Elapsed, truncated to whole ms), so rounding can overstate the outside time by up to about 2 ms a job. "
            + $"Share = sum(outside) / sum(wall) over {ShareJobs} jobs after {WarmupShareJobs} warm-up (a ratio of sums, not a percentile: every job's time counts). Preview interval as in production (Preview:Interval default); a JPEG preview is encoded only when PreviewThrottle.IsDue.");
    }
}

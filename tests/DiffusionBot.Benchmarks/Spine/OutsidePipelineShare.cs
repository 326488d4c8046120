namespace DiffusionBot.Benchmarks.Spine;

/// <summary>
/// How much of a job's wall time (claim → finish) is spent outside <c>DiffusionPipeline.Generate</c>:
/// <see cref="Share"/> over all measured jobs together, met when at most <see cref="TargetMax"/>.
/// </summary>
internal sealed record OutsidePipelineShare(
    int Width,
    int Height,
    int Steps,
    int WarmupJobs,
    int Jobs,
    double PreviewIntervalSeconds,
    double PreviewsPerJob,
    double JobWallMsMedian,
    double GenerateMsMedian,
    double OutsideMsMedian,
    double OutsideMsMax,
    double Share,
    double ShareMedianJob,
    double TargetMax,
    bool Met,
    string Note);

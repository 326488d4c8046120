using System.Diagnostics;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Benchmarks.Engine;

/// <summary>
/// The progress callback of a measured generation. At each step it records the clock, the UNet's
/// cumulative time inside <c>Run</c>, and the thread's allocated bytes into arrays sized up front,
/// so recording allocates nothing and adds next to nothing to the step it measures.
/// </summary>
internal sealed class StepRecorder
{
    private readonly Unet _unet;
    private readonly long[] _timestamps;
    private readonly long[] _runTicks;
    private readonly long[] _allocated;

    public StepRecorder(Unet unet, int capacity)
    {
        _unet = unet;
        _timestamps = new long[capacity];
        _runTicks = new long[capacity];
        _allocated = new long[capacity];
        Handler = Record;
    }

    public DenoisingProgressHandler Handler { get; }

    /// <summary>Steps recorded in the current generation.</summary>
    public int Count { get; private set; }

    public void Reset() => Count = 0;

    /// <summary>
    /// Adds one sample per step after the first: the wall time between this step's callback and the previous one,
    /// minus the ONNX Runtime time (<see cref="Unet.RunTicks"/>) spent in between, and that ORT time itself.
    /// </summary>
    public void AddStepSamples(List<double> overheadMs, List<double> ortMs)
    {
        for (var i = 1; i < Count; i++)
        {
            var wall = _timestamps[i] - _timestamps[i - 1];
            var inRun = _runTicks[i] - _runTicks[i - 1];
            overheadMs.Add((wall - inRun) * 1000.0 / Stopwatch.Frequency);
            ortMs.Add(inRun * 1000.0 / Stopwatch.Frequency);
        }
    }

    /// <summary>Adds the bytes allocated between consecutive steps to <paramref name="samples"/>.</summary>
    public void AddAllocationDeltas(List<long> samples)
    {
        for (var i = 1; i < Count; i++)
        {
            samples.Add(_allocated[i] - _allocated[i - 1]);
        }
    }

    private void Record(in DenoisingProgress progress)
    {
        var i = progress.Step - 1;
        if (i >= _timestamps.Length)
        {
            return;
        }

        _timestamps[i] = Stopwatch.GetTimestamp();
        _runTicks[i] = _unet.RunTicks;
        _allocated[i] = GC.GetAllocatedBytesForCurrentThread();
        Count = i + 1;
    }
}

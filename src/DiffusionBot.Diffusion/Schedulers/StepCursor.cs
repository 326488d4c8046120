namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>
/// diffusers' <c>_step_index</c>/<c>_begin_index</c> bookkeeping for the schedulers that index
/// their schedule by position rather than by timestep value.
/// </summary>
internal sealed class StepCursor
{
    private int _stepIndex = -1;
    private int _beginIndex = -1;

    public void Reset()
    {
        _stepIndex = -1;
        _beginIndex = -1;
    }

    public void Begin(int beginIndex, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)beginIndex, (uint)length, nameof(beginIndex));
        _beginIndex = beginIndex;
    }

    /// <summary>The index of the current step, found from the first timestep seen when no begin index was set.</summary>
    public int Current(float[] timesteps, float timestep)
    {
        if (_stepIndex < 0)
        {
            _stepIndex = _beginIndex >= 0 ? _beginIndex : SchedulerMath.IndexForTimestep(timesteps, timestep);
        }

        return _stepIndex;
    }

    public void Advance() => _stepIndex++;

    /// <summary>add_noise's index: by timestep without a begin index, else the current (inpainting) or begin index.</summary>
    public int ForNoise(float[] timesteps, float timestep) =>
        _beginIndex < 0 ? SchedulerMath.IndexForTimestep(timesteps, timestep)
        : _stepIndex >= 0 ? _stepIndex
        : _beginIndex;
}

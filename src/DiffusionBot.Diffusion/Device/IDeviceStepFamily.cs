using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Device;

/// <summary>A scheduler family whose step runs as a <see cref="StepGraph"/>: its graph and its per-step table rows.</summary>
internal interface IDeviceStepFamily
{
    /// <summary>Whether each step adds fresh noise (drawn on the host from the request's seeds, uploaded once).</summary>
    bool NeedsNoise { get; }

    /// <summary>Whether the step reads the previous step's x̂₀ (DPM++ 2M's multistep state).</summary>
    bool NeedsPreviousPrediction { get; }

    InferenceSession Session(bool guided);

    /// <summary>The input scale of the first step; also fixes the scheduler's step index the way the host loop does.</summary>
    float FirstInputScale(float timestep);

    /// <summary>The input scale at step <paramref name="index"/> of the schedule.</summary>
    float InputScaleAt(int index);

    /// <summary>Fills the family's slots of step <paramref name="index"/>'s row (guidance and next scale are the kernel's).</summary>
    /// <param name="firstOfRun">Whether it is the run's first step (a multistep scheduler starts at first order).</param>
    void FillRow(int index, bool firstOfRun, Span<float> row);
}

using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Device;

/// <summary>A scheduler family whose step runs as a <see cref="StepGraph"/>: its graph and its per-step table rows.</summary>
internal interface IDeviceStepFamily
{
    /// <summary>Whether steps add fresh noise (drawn on the host from the request's seeds, uploaded once).</summary>
    bool NeedsNoise { get; }

    /// <summary>Whether step <paramref name="index"/> draws noise on the host path; rows that do not stay zero, keeping the seeded streams aligned.</summary>
    bool DrawsNoiseAt(int index) => NeedsNoise;

    /// <summary>Whether the step reads the previous step's x̂₀ (DPM++ 2M's multistep state).</summary>
    bool NeedsPreviousPrediction { get; }

    /// <summary>Other state the step carries (PLMS's past model outputs); each lives in two alternating buffers.</summary>
    IReadOnlyList<StepState> States { get; }

    /// <summary>Width of a row of the per-step table.</summary>
    int SlotCount { get; }

    InferenceSession Session(bool guided);

    /// <summary>The input scale of the first step; also fixes the scheduler's step index the way the host loop does.</summary>
    float FirstInputScale(float timestep);

    /// <summary>The input scale at step <paramref name="index"/> of the schedule.</summary>
    float InputScaleAt(int index);

    /// <summary>Fills the family's slots of step <paramref name="index"/>'s row (guidance and next scale are the kernel's).</summary>
    /// <param name="stepOfRun">The step's place in this run, 0 first (multistep schedulers start at low order).</param>
    void FillRow(int index, int stepOfRun, Span<float> row);
}

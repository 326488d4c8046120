using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Schedulers;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Device;

/// <summary>
/// LCM: x̂₀ (clamped), the boundary condition c_out·x̂₀ + c_skip·x, then re-noising to the next timestep with the
/// request's seeded noise. The last step has √ᾱprev = 1, √(1−ᾱprev) = 0 and a zero noise row, so it returns the
/// denoised estimate with the host's bits.
/// </summary>
internal sealed class LcmFamily(Unet unet, LcmScheduler scheduler) : IDeviceStepFamily
{
    private const int SqrtAlphaSlot = StepGraph.FirstFamilySlot;
    private const int SqrtBetaSlot = SqrtAlphaSlot + 1;
    private const int ClipSlot = SqrtBetaSlot + 1;
    private const int COutSlot = ClipSlot + 1;
    private const int CSkipSlot = COutSlot + 1;
    private const int SqrtAlphaPrevSlot = CSkipSlot + 1;
    private const int SqrtBetaPrevSlot = SqrtAlphaPrevSlot + 1;

    public bool NeedsNoise => true;

    public bool NeedsPreviousPrediction => false;

    public IReadOnlyList<StepState> States => [];

    public int SlotCount => SqrtBetaPrevSlot + 1;

    public bool DrawsNoiseAt(int index) => !scheduler.StepAt(index).IsLast;

    public InferenceSession Session(bool guided) => unet.StepSession(SlotCount, scheduler.IsVPrediction ? "lcm_v" : "lcm", guided, frame =>
    {
        var g = frame.Builder;
        var x0 = frame.Clamp(frame.PredictOriginal(scheduler.IsVPrediction, frame.Slot(SqrtAlphaSlot), frame.Slot(SqrtBetaSlot)), frame.Slot(ClipSlot));
        var denoised = g.Add(g.Mul(frame.Slot(COutSlot), x0), g.Mul(frame.Slot(CSkipSlot), frame.X));
        var next = g.Add(g.Mul(frame.Slot(SqrtAlphaPrevSlot), denoised), g.Mul(frame.Slot(SqrtBetaPrevSlot), frame.StepNoise()));
        return (next, denoised);
    });

    public float FirstInputScale(float timestep) => scheduler.ModelInputScale(timestep);

    public float InputScaleAt(int index) => scheduler.ModelInputScale(scheduler.Timesteps[index]);

    public void FillRow(int index, int stepOfRun, Span<float> row)
    {
        var step = scheduler.StepAt(index);
        row[SqrtAlphaSlot] = step.SqrtAlpha;
        row[SqrtBetaSlot] = step.SqrtBeta;
        row[ClipSlot] = scheduler.ClipRange;
        row[COutSlot] = step.COut;
        row[CSkipSlot] = step.CSkip;
        (row[SqrtAlphaPrevSlot], row[SqrtBetaPrevSlot]) = step.IsLast ? (1f, 0f) : (step.SqrtAlphaPrev, step.SqrtBetaPrev);
    }
}

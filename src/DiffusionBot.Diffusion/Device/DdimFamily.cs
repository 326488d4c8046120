using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Schedulers;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Device;

/// <summary>DDIM with η = 0, ε or v: x̂₀ and ε from x and the model output, x̂₀ clamped, then √ᾱprev·x̂₀ + √(1−ᾱprev)·ε.</summary>
internal sealed class DdimFamily(Unet unet, DdimScheduler scheduler) : IDeviceStepFamily
{
    private const int SqrtAlphaSlot = StepGraph.FirstFamilySlot + 0;
    private const int SqrtBetaSlot = StepGraph.FirstFamilySlot + 1;
    private const int SqrtAlphaPrevSlot = StepGraph.FirstFamilySlot + 2;
    private const int DirectionSlot = StepGraph.FirstFamilySlot + 3;
    private const int ClipSlot = StepGraph.FirstFamilySlot + 4;

    public bool NeedsNoise => false;

    public IReadOnlyList<StepState> States => [];

    public int SlotCount => ClipSlot + 1;

    public bool NeedsPreviousPrediction => false;

    public InferenceSession Session(bool guided) => unet.StepSession(SlotCount, scheduler.IsVPrediction ? "ddim_v" : "ddim", guided, frame =>
    {
        var g = frame.Builder;
        var (x, m) = (frame.X, frame.ModelOutputValue);
        var (sqrtAlpha, sqrtBeta) = (frame.Slot(SqrtAlphaSlot), frame.Slot(SqrtBetaSlot));
        var x0 = frame.Clamp(frame.PredictOriginal(scheduler.IsVPrediction, sqrtAlpha, sqrtBeta), frame.Slot(ClipSlot));
        var eps = scheduler.IsVPrediction ? g.Add(g.Mul(sqrtAlpha, m), g.Mul(sqrtBeta, x)) : m;
        return (g.Add(g.Mul(frame.Slot(SqrtAlphaPrevSlot), x0), g.Mul(frame.Slot(DirectionSlot), eps)), x0);
    });

    public float FirstInputScale(float timestep) => scheduler.ModelInputScale(timestep);

    public float InputScaleAt(int index) => scheduler.ModelInputScale(scheduler.Timesteps[index]);

    public void FillRow(int index, int stepOfRun, Span<float> row)
    {
        var (sqrtAlpha, sqrtBeta, sqrtAlphaPrev, direction) = scheduler.CoefficientsAt(scheduler.Timesteps[index]);
        row[SqrtAlphaSlot] = sqrtAlpha;
        row[SqrtBetaSlot] = sqrtBeta;
        row[SqrtAlphaPrevSlot] = sqrtAlphaPrev;
        row[DirectionSlot] = direction;
        row[ClipSlot] = scheduler.ClipRange;
    }
}

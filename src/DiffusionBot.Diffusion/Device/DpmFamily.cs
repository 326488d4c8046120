using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Schedulers;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Device;

/// <summary>
/// DPM++ 2M (Karras or not), ε or v: x̂₀ from x and the model output, then
/// x' = c_x·x − c₀·x̂₀ − ½c₀·(1/r₀)(x̂₀ − x̂₀prev). A first-order step has zero for the last two coefficients and
/// the previous x̂₀ buffer starts at zero, so its last term is exactly zero and the bits match the host's first-order formula.
/// </summary>
internal sealed class DpmFamily(Unet unet, DpmSolverMultistepScheduler scheduler) : IDeviceStepFamily
{
    private const int AlphaSlot = StepGraph.FirstFamilySlot + 0;
    private const int SigmaSlot = StepGraph.FirstFamilySlot + 1;
    private const int SampleCoeffSlot = StepGraph.FirstFamilySlot + 2;
    private const int X0CoeffSlot = StepGraph.FirstFamilySlot + 3;
    private const int InverseR0Slot = StepGraph.FirstFamilySlot + 4;
    private const int HalfX0CoeffSlot = StepGraph.FirstFamilySlot + 5;

    public bool NeedsNoise => false;

    public IReadOnlyList<StepState> States => [];

    public int SlotCount => HalfX0CoeffSlot + 1;

    public bool NeedsPreviousPrediction => true;

    public InferenceSession Session(bool guided) => unet.StepSession(SlotCount, scheduler.IsVPrediction ? "dpmpp_2m_v" : "dpmpp_2m", guided, frame =>
    {
        var g = frame.Builder;
        var x = frame.X;
        var x0 = frame.PredictOriginal(scheduler.IsVPrediction, frame.Slot(AlphaSlot), frame.Slot(SigmaSlot));
        var d1 = g.Mul(frame.Slot(InverseR0Slot), g.Sub(x0, frame.PreviousPredictedOriginal()));
        var next = g.Sub(g.Sub(g.Mul(frame.Slot(SampleCoeffSlot), x), g.Mul(frame.Slot(X0CoeffSlot), x0)), g.Mul(frame.Slot(HalfX0CoeffSlot), d1));
        return (next, x0);
    });

    public float FirstInputScale(float timestep) => scheduler.ModelInputScale(timestep);

    public float InputScaleAt(int index) => scheduler.ModelInputScale(scheduler.Timesteps[index]);

    public void FillRow(int index, int stepOfRun, Span<float> row)
    {
        var (alpha, sigma) = scheduler.DenoisedAt(index);
        var step = scheduler.StepAt(index, firstOrder: stepOfRun == 0);
        row[AlphaSlot] = alpha;
        row[SigmaSlot] = sigma;
        row[SampleCoeffSlot] = step.SampleCoeff;
        row[X0CoeffSlot] = step.X0Coeff;
        row[InverseR0Slot] = step.InverseR0;
        row[HalfX0CoeffSlot] = step.HalfX0Coeff;
    }
}

using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Schedulers;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Device;

/// <summary>Euler and Euler ancestral: x̂₀ = a·m + b·x; x += (x − x̂₀)/σ · dt; ancestral adds noise × σup.</summary>
internal sealed class EulerFamily(Unet unet, SigmaScheduler scheduler) : IDeviceStepFamily
{
    private const int OutputSlot = StepGraph.FirstFamilySlot + 0;
    private const int SampleSlot = StepGraph.FirstFamilySlot + 1;
    private const int SigmaSlot = StepGraph.FirstFamilySlot + 2;
    private const int DtSlot = StepGraph.FirstFamilySlot + 3;
    private const int SigmaUpSlot = StepGraph.FirstFamilySlot + 4;

    public bool NeedsNoise { get; } = scheduler is EulerAncestralScheduler;

    public IReadOnlyList<StepState> States => [];

    public int SlotCount => SigmaUpSlot + 1;

    public bool NeedsPreviousPrediction => false;

    public InferenceSession Session(bool guided) => unet.StepSession(SlotCount, NeedsNoise ? "euler_ancestral" : "euler", guided, frame =>
    {
        var g = frame.Builder;
        var x = frame.X;
        var denoised = g.Add(g.Mul(frame.ModelOutputValue, frame.Slot(OutputSlot)), g.Mul(x, frame.Slot(SampleSlot)));
        var next = g.Add(x, g.Mul(g.Div(g.Sub(x, denoised), frame.Slot(SigmaSlot)), frame.Slot(DtSlot)));
        if (NeedsNoise)
        {
            next = g.Add(next, g.Mul(frame.StepNoise(), frame.Slot(SigmaUpSlot)));
        }

        return (next, denoised);
    });

    public float FirstInputScale(float timestep) => scheduler.ModelInputScale(timestep);

    public float InputScaleAt(int index) => scheduler.InputScaleAt(index);

    public void FillRow(int index, int stepOfRun, Span<float> row)
    {
        var (sigma, output, sample) = scheduler.DenoisedAt(index);
        var (dt, sigmaUp) = scheduler.MoveAt(index);
        row[OutputSlot] = output;
        row[SampleSlot] = sample;
        row[SigmaSlot] = sigma;
        row[DtSlot] = dt;
        row[SigmaUpSlot] = sigmaUp;
    }
}

using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Schedulers;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Device;

/// <summary>
/// PNDM's PLMS path. Its state is the last four model outputs (newest last) and the sample saved at the first step.
/// Where the host branches on its counter (first step, the repeated timestep, 2/3/4-term Adams–Bashforth), the graph
/// computes every candidate and the table's one-hot weights pick one: a weight of 1 keeps a value exactly and the
/// zero-filled history keeps the others finite, so the picked value has the host's bits.
/// </summary>
internal sealed class PndmFamily(Unet unet, PndmScheduler scheduler) : IDeviceStepFamily
{
    private const int PredictAlphaSlot = StepGraph.FirstFamilySlot;
    private const int PredictBetaSlot = PredictAlphaSlot + 1;
    private const int PushSlot = PredictBetaSlot + 1;
    private const int KeepSlot = PushSlot + 1;
    private const int SaveSampleSlot = KeepSlot + 1;
    private const int KeepSampleSlot = SaveSampleSlot + 1;
    private const int UseSavedSlot = KeepSampleSlot + 1;
    private const int UseCurrentSlot = UseSavedSlot + 1;
    private const int FirstWeightSlot = UseCurrentSlot + 1;
    private const int Candidates = 5;
    private const int SampleCoeffSlot = FirstWeightSlot + Candidates;
    private const int DifferenceSlot = SampleCoeffSlot + 1;
    private const int DenominatorSlot = DifferenceSlot + 1;
    private const int MoveAlphaSlot = DenominatorSlot + 1;
    private const int MoveBetaSlot = MoveAlphaSlot + 1;
    private const int History = 4;

    private static readonly StepState Outputs = new("past_outputs", History);
    private static readonly StepState SavedSample = new("saved_sample", 0);

    public bool NeedsNoise => false;

    public bool NeedsPreviousPrediction => false;

    public IReadOnlyList<StepState> States { get; } = [Outputs, SavedSample];

    public int SlotCount => MoveBetaSlot + 1;

    public InferenceSession Session(bool guided) => unet.StepSession(SlotCount, scheduler.IsVPrediction ? "pndm_v" : "pndm", guided, frame =>
    {
        var g = frame.Builder;
        var (x, m) = (frame.X, frame.ModelOutputValue);
        var v = scheduler.IsVPrediction;
        var predicted = frame.PredictOriginal(v, frame.Slot(PredictAlphaSlot), frame.Slot(PredictBetaSlot));

        var past = frame.StateInput(Outputs);
        var shifted = g.Node("Concat", [g.Node("Slice", [past, g.Int64s(1), g.Int64s(History), g.Int64s(0)]), g.Unsqueeze(m, 0)], OnnxGraphBuilder.Int("axis", 0));
        var outputs = g.Add(g.Mul(shifted, frame.Slot(PushSlot)), g.Mul(past, frame.Slot(KeepSlot)));
        frame.StateOutput(Outputs, outputs);
        string Past(int back) => g.Node("Gather", [outputs, g.ScalarInt64(History - back)], OnnxGraphBuilder.Int("axis", 0));
        var (e1, e2, e3, e4) = (Past(1), Past(2), Past(3), Past(4));

        var saved = frame.StateInput(SavedSample);
        frame.StateOutput(SavedSample, g.Add(g.Mul(x, frame.Slot(SaveSampleSlot)), g.Mul(saved, frame.Slot(KeepSampleSlot))));

        string[] candidates =
        [
            m,
            g.Div(g.Add(m, e1), g.Scalar(2f)),
            g.Div(g.Sub(g.Mul(g.Scalar(3f), e1), e2), g.Scalar(2f)),
            g.Div(g.Add(g.Sub(g.Mul(g.Scalar(23f), e1), g.Mul(g.Scalar(16f), e2)), g.Mul(g.Scalar(5f), e3)), g.Scalar(12f)),
            g.Mul(g.Scalar(1f / 24f), g.Sub(g.Add(g.Sub(g.Mul(g.Scalar(55f), e1), g.Mul(g.Scalar(59f), e2)), g.Mul(g.Scalar(37f), e3)), g.Mul(g.Scalar(9f), e4))),
        ];
        var combined = g.Mul(candidates[0], frame.Slot(FirstWeightSlot));
        for (var k = 1; k < Candidates; k++)
        {
            combined = g.Add(combined, g.Mul(candidates[k], frame.Slot(FirstWeightSlot + k)));
        }

        var xi = g.Add(g.Mul(saved, frame.Slot(UseSavedSlot)), g.Mul(x, frame.Slot(UseCurrentSlot)));
        var eps = v ? g.Add(g.Mul(frame.Slot(MoveAlphaSlot), combined), g.Mul(frame.Slot(MoveBetaSlot), xi)) : combined;
        var next = g.Sub(g.Mul(frame.Slot(SampleCoeffSlot), xi), g.Div(g.Mul(frame.Slot(DifferenceSlot), eps), frame.Slot(DenominatorSlot)));
        return (next, predicted);
    });

    public float FirstInputScale(float timestep) => scheduler.ModelInputScale(timestep);

    public float InputScaleAt(int index) => scheduler.ModelInputScale(scheduler.Timesteps[index]);

    /// <summary>The host's counter walk: step c of the run pushes its output unless c = 1, and combines per c (0, 1, 2, 3, 4+).</summary>
    public void FillRow(int index, int stepOfRun, Span<float> row)
    {
        var c = stepOfRun;
        var t = SchedulerMath.TrainIndex(scheduler.Timesteps[index]);
        var prevT = t - scheduler.Stride;
        (row[PredictAlphaSlot], row[PredictBetaSlot]) = scheduler.AlphaAt(t);
        if (c == 1)
        {
            prevT = t;
            t += scheduler.Stride;
        }

        (row[PushSlot], row[KeepSlot]) = c == 1 ? (0f, 1f) : (1f, 0f);
        (row[SaveSampleSlot], row[KeepSampleSlot]) = c == 0 ? (1f, 0f) : (0f, 1f);
        (row[UseSavedSlot], row[UseCurrentSlot]) = c == 1 ? (1f, 0f) : (0f, 1f);
        row.Slice(FirstWeightSlot, Candidates).Clear();
        row[FirstWeightSlot + Math.Min(c, Candidates - 1)] = 1f;
        (row[SampleCoeffSlot], row[DifferenceSlot], row[DenominatorSlot]) = scheduler.MoveAt(t, prevT);
        (row[MoveAlphaSlot], row[MoveBetaSlot]) = scheduler.AlphaAt(t);
    }
}

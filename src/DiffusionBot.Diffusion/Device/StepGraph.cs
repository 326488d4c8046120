using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Device;

/// <summary>
/// The frame every device step graph shares: classifier-free guidance, then a family's step formula, then the next
/// UNet input. Per-step numbers are a table uploaded once per request, indexed by a step number the graph advances
/// itself, so its bindings never change between steps. Formulas repeat the host scheduler's float32 operations in the
/// same order, so both paths give the same bits.
/// </summary>
internal sealed class StepGraph
{
    public const int GuidanceSlot = 0;
    public const int NextScaleSlot = 1;

    /// <summary>The first slot a family's formula may use.</summary>
    public const int FirstFamilySlot = 2;

    public const string ModelOutput = "model_output";
    public const string Sample = "sample";
    public const string StepIndex = "step";
    public const string Coefficients = "coefficients";
    public const string Timesteps = "timesteps";
    public const string Noise = "noise";
    public const string PreviousPrediction = "previous_prediction";
    public const string PrevSample = "prev_sample";
    public const string NextStepIndex = "next_step";
    public const string PredictedOriginal = "predicted_original";
    public const string UnetSample = "unet_sample";
    public const string UnetTimestep = "unet_timestep";

    private static readonly OnnxDim[] Rows = ["rows", "channels", "height", "width"];
    private static readonly OnnxDim[] Batch = ["batch", "channels", "height", "width"];

    private readonly string _row;
    private readonly string _step;

    private StepGraph(string name, Unet unet, bool guided, int slotCount)
    {
        Builder = new OnnxGraphBuilder(name);
        var output = Builder.InputAsFloat(ModelOutput, CopyGraph.ToOnnx(unet.Output.ElementType), Rows);
        X = Builder.Input(Sample, DataType.Float, Batch);
        _step = Builder.Input(StepIndex, DataType.Int64);
        _row = Builder.Node("Gather", [Builder.Input(Coefficients, DataType.Float, "steps", slotCount), _step], OnnxGraphBuilder.Int("axis", 0));
        ModelOutputValue = guided ? Guide(output) : output;
    }

    public OnnxGraphBuilder Builder { get; }

    /// <summary>x, the latents before the step.</summary>
    public string X { get; }

    /// <summary>The (guided) model output for the batch.</summary>
    public string ModelOutputValue { get; }

    /// <summary>
    /// Inputs: the UNet's output, x, the step number (int64 scalar), the per-step table [steps, slots], UNet timesteps
    /// [steps + 1, …] and, when <paramref name="formula"/> asks for it, noise [steps, …]. Outputs: the next x, x̂₀, the
    /// step number + 1, and the next UNet sample and timestep.
    /// </summary>
    public static byte[] Build(string name, Unet unet, bool guided, int slotCount, Func<StepGraph, (string Next, string Denoised)> formula)
    {
        var frame = new StepGraph(name, unet, guided, slotCount);
        var g = frame.Builder;
        var (next, denoised) = formula(frame);
        var timestepType = CopyGraph.ToOnnx(unet.Timestep.ElementType);
        OnnxDim[] timestepDims = unet.Timestep.Rank == 0 ? [] : [unet.Timestep.FixedDimension(0) is { } n ? n : "n"];
        var timesteps = g.Input(Timesteps, timestepType, [.. new OnnxDim[] { "steps_and_one" }, .. timestepDims]);
        var nextStep = g.Add(frame._step, g.ScalarInt64(1));
        var scaled = g.Mul(next, frame.Slot(NextScaleSlot));
        var unetInput = guided ? g.Node("Concat", [scaled, scaled], OnnxGraphBuilder.Int("axis", 0)) : scaled;
        g.Output(PrevSample, next, DataType.Float, Batch);
        g.Output(PredictedOriginal, denoised, DataType.Float, Batch);
        g.Output(NextStepIndex, nextStep, DataType.Int64);
        g.OutputFromFloat(UnetSample, unetInput, CopyGraph.ToOnnx(unet.Sample.ElementType), Rows);
        g.Output(UnetTimestep, g.Node("Gather", [timesteps, nextStep], OnnxGraphBuilder.Int("axis", 0)), timestepType, timestepDims);
        return Google.Protobuf.MessageExtensions.ToByteArray(g.Build());
    }

    /// <summary>This step's number in <paramref name="slot"/> of the table, as a scalar.</summary>
    public string Slot(int slot) => Builder.Node("Gather", [_row, Builder.ScalarInt64(slot)], OnnxGraphBuilder.Int("axis", 0));

    /// <summary>This step's noise [batch, …] from a [steps, batch, …] input.</summary>
    public string StepNoise() =>
        Builder.Node("Gather", [Builder.Input(Noise, DataType.Float, ["steps", .. Batch]), _step], OnnxGraphBuilder.Int("axis", 0));

    /// <summary>The previous step's x̂₀ (a multistep scheduler's state), bound to the other of two prediction buffers.</summary>
    public string PreviousPredictedOriginal() => Builder.Input(PreviousPrediction, DataType.Float, Batch);

    /// <summary>x̂₀ from x and the model output, as the host schedulers write it: (x − b·m)/a for ε, a·x − b·m for v.</summary>
    public string PredictOriginal(bool vPrediction, string sqrtAlpha, string sqrtBeta)
    {
        var g = Builder;
        return vPrediction
            ? g.Sub(g.Mul(sqrtAlpha, X), g.Mul(sqrtBeta, ModelOutputValue))
            : g.Div(g.Sub(X, g.Mul(sqrtBeta, ModelOutputValue)), sqrtAlpha);
    }

    /// <summary>Clamps to ±<paramref name="range"/> (a slot holding +∞ when the scheduler does not clip).</summary>
    /// <remarks>Min and Max rather than Clip: CUDA's Clip reads its bounds from host memory, a copy on every step.</remarks>
    public string Clamp(string value, string range) =>
        Builder.Node("Max", [Builder.Node("Min", [value, range]), Builder.Node("Neg", [range])]);

    /// <summary>A state tensor carried from step to step: [<paramref name="history"/>, batch, …], or [batch, …] when 0.</summary>
    public string StateInput(StepState state) => Builder.Input(state.Name, DataType.Float, StateDims(state));

    /// <summary>Declares the state's value after this step.</summary>
    public void StateOutput(StepState state, string value) => Builder.Output(state.OutputName, value, DataType.Float, StateDims(state));

    private static OnnxDim[] StateDims(StepState state) => state.History == 0 ? Batch : [state.History, .. Batch];

    /// <summary>u + g·(c − u) over the two halves of the batch, unconditional rows first (the host's order of operations).</summary>
    private string Guide(string output)
    {
        var g = Builder;
        var half = g.Node("Shape", [X], OnnxGraphBuilder.Int("start", 0), OnnxGraphBuilder.Int("end", 1));
        var axis = g.Int64s(0);
        var unconditional = g.Node("Slice", [output, g.Int64s(0), half, axis]);
        var conditional = g.Node("Slice", [output, half, g.Int64s(long.MaxValue), axis]);
        return g.Add(unconditional, g.Mul(Slot(GuidanceSlot), g.Sub(conditional, unconditional)));
    }
}

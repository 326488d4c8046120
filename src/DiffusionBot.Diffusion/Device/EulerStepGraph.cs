using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Device;

/// <summary>
/// Classifier-free guidance, one Euler (or Euler ancestral) step and the next UNet input as one elementwise graph, so
/// the loop runs a whole step without the host. The arithmetic is the host scheduler's, operation for operation in
/// float32, so both paths give the same bits. Per-step numbers are tables uploaded once per request and indexed by a
/// step number the graph advances itself, so its bindings never change between steps.
/// </summary>
internal static class EulerStepGraph
{
    public const int GuidanceSlot = 0;
    public const int DenoiseOutputSlot = 1;
    public const int DenoiseSampleSlot = 2;
    public const int SigmaSlot = 3;
    public const int DtSlot = 4;
    public const int SigmaUpSlot = 5;
    public const int NextScaleSlot = 6;
    public const int SlotCount = 7;

    public const string ModelOutput = "model_output";
    public const string Sample = "sample";
    public const string StepIndex = "step";
    public const string Coefficients = "coefficients";
    public const string Timesteps = "timesteps";
    public const string Noise = "noise";
    public const string PrevSample = "prev_sample";
    public const string NextStepIndex = "next_step";
    public const string PredictedOriginal = "predicted_original";
    public const string UnetSample = "unet_sample";
    public const string UnetTimestep = "unet_timestep";

    /// <summary>
    /// Inputs: the UNet's output, x, the step number (int64 scalar, counted on the device), the request's tables of
    /// per-step coefficients [steps, slots], UNet timesteps [steps + 1, …] and, for ancestral, noise [steps, …].
    /// Outputs: the next x, x̂₀, the step number + 1, and the next UNet sample and timestep.
    /// </summary>
    public static byte[] Build(Unet unet, bool guided, bool ancestral)
    {
        var g = new OnnxGraphBuilder(ancestral ? "euler_ancestral_step" : "euler_step");
        OnnxDim[] rows = ["rows", "channels", "height", "width"];
        OnnxDim[] batch = ["batch", "channels", "height", "width"];
        var output = g.InputAsFloat(ModelOutput, CopyGraph.ToOnnx(unet.Output.ElementType), rows);
        var x = g.Input(Sample, DataType.Float, batch);
        var step = g.Input(StepIndex, DataType.Int64);
        var row = g.Node("Gather", [g.Input(Coefficients, DataType.Float, "steps", SlotCount), step], OnnxGraphBuilder.Int("axis", 0));
        var timestepType = CopyGraph.ToOnnx(unet.Timestep.ElementType);
        OnnxDim[] timestepDims = unet.Timestep.Rank == 0 ? [] : [unet.Timestep.FixedDimension(0) is { } n ? n : "n"];
        var timesteps = g.Input(Timesteps, timestepType, [.. new OnnxDim[] { "steps_and_one" }, .. timestepDims]);
        var nextStep = g.Add(step, g.ScalarInt64(1));

        var m = guided ? Guide(g, output, x, Slot(g, row, GuidanceSlot)) : output;
        var denoised = g.Add(g.Mul(m, Slot(g, row, DenoiseOutputSlot)), g.Mul(x, Slot(g, row, DenoiseSampleSlot)));
        var next = g.Add(x, g.Mul(g.Div(g.Sub(x, denoised), Slot(g, row, SigmaSlot)), Slot(g, row, DtSlot)));
        if (ancestral)
        {
            var noise = g.Node("Gather", [g.Input(Noise, DataType.Float, ["steps", .. batch]), step], OnnxGraphBuilder.Int("axis", 0));
            next = g.Add(next, g.Mul(noise, Slot(g, row, SigmaUpSlot)));
        }

        var scaled = g.Mul(next, Slot(g, row, NextScaleSlot));
        var unetInput = guided ? g.Node("Concat", [scaled, scaled], OnnxGraphBuilder.Int("axis", 0)) : scaled;
        g.Output(PrevSample, next, DataType.Float, batch);
        g.Output(PredictedOriginal, denoised, DataType.Float, batch);
        g.Output(NextStepIndex, nextStep, DataType.Int64);
        g.OutputFromFloat(UnetSample, unetInput, CopyGraph.ToOnnx(unet.Sample.ElementType), rows);
        g.Output(UnetTimestep, g.Node("Gather", [timesteps, nextStep], OnnxGraphBuilder.Int("axis", 0)), timestepType, timestepDims);
        return Google.Protobuf.MessageExtensions.ToByteArray(g.Build());
    }

    /// <summary>u + g·(c − u) over the two halves of the batch, unconditional rows first (the host's order of operations).</summary>
    private static string Guide(OnnxGraphBuilder g, string output, string sample, string scale)
    {
        var half = g.Node("Shape", [sample], OnnxGraphBuilder.Int("start", 0), OnnxGraphBuilder.Int("end", 1));
        var axis = g.Int64s(0);
        var unconditional = g.Node("Slice", [output, g.Int64s(0), half, axis]);
        var conditional = g.Node("Slice", [output, half, g.Int64s(long.MaxValue), axis]);
        return g.Add(unconditional, g.Mul(scale, g.Sub(conditional, unconditional)));
    }

    private static string Slot(OnnxGraphBuilder g, string row, int slot) =>
        g.Node("Gather", [row, g.ScalarInt64(slot)], OnnxGraphBuilder.Int("axis", 0));
}

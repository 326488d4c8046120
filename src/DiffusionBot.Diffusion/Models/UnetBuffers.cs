using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Models;

/// <summary>The UNet's input and output tensors for one batch shape, allocated once.</summary>
internal sealed class UnetBuffers : IDisposable
{
    public UnetBuffers(Unet unet, UnetShape shape)
    {
        Shape = shape;
        Sample = TensorValues.Allocate(unet.Sample.ElementType, [shape.Batch, shape.Channels, shape.Height, shape.Width]);
        long[] timestepShape = unet.Timestep.Rank == 0 ? [] : [unet.Timestep.FixedDimension(0) ?? shape.Batch];
        Timestep = TensorValues.Allocate(unet.Timestep.ElementType, timestepShape);
        HiddenStates = TensorValues.Allocate(unet.HiddenStates.ElementType, [shape.Batch, shape.SequenceLength, shape.HiddenSize]);
        Output = TensorValues.Allocate(unet.Output.ElementType, [shape.Batch, shape.Channels, shape.Height, shape.Width]);
        if (unet.TimestepCond is { } cond)
        {
            TimestepCond = TensorValues.Allocate(cond.ElementType, [shape.Batch, unet.GuidanceEmbeddingSize]);
            InputNames = [unet.Sample.Name, unet.Timestep.Name, unet.HiddenStates.Name, cond.Name];
            InputValues = [Sample, Timestep, HiddenStates, TimestepCond];
        }
        else
        {
            InputNames = [unet.Sample.Name, unet.Timestep.Name, unet.HiddenStates.Name];
            InputValues = [Sample, Timestep, HiddenStates];
        }

        OutputNames = [unet.Output.Name];
        OutputValues = [Output];
    }

    public UnetShape Shape { get; }

    public OrtValue Sample { get; }

    public OrtValue Timestep { get; }

    public OrtValue HiddenStates { get; }

    public OrtValue? TimestepCond { get; }

    public OrtValue Output { get; }

    public string[] InputNames { get; }

    public OrtValue[] InputValues { get; }

    public string[] OutputNames { get; }

    public OrtValue[] OutputValues { get; }

    public void Dispose()
    {
        foreach (var value in InputValues)
        {
            value.Dispose();
        }

        Output.Dispose();
    }
}

using DiffusionBot.Diffusion.Device;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// The UNet's input and output tensors for one batch shape, allocated once on the provider's allocator and bound
/// once: the UNet always reads and writes these addresses (what CUDA graphs need), and the loop fills them in place.
/// </summary>
internal sealed class UnetBuffers : IDisposable
{
    public UnetBuffers(Unet unet, UnetShape shape, DeviceMemory memory, InferenceSession session)
    {
        Shape = shape;
        Sample = memory.Allocate(unet.Sample.ElementType, [shape.Batch, unet.InputChannels, shape.Height, shape.Width]);
        long[] timestepShape = unet.Timestep.Rank == 0 ? [] : [unet.Timestep.FixedDimension(0) ?? shape.Batch];
        Timestep = memory.Allocate(unet.Timestep.ElementType, timestepShape);
        HiddenStates = memory.Allocate(unet.HiddenStates.ElementType, [shape.Batch, shape.SequenceLength, shape.HiddenSize]);
        Output = memory.Allocate(unet.Output.ElementType, [shape.Batch, shape.Channels, shape.Height, shape.Width]);
        Binding = session.CreateIoBinding();
        Binding.BindInput(unet.Sample.Name, Sample);
        Binding.BindInput(unet.Timestep.Name, Timestep);
        Binding.BindInput(unet.HiddenStates.Name, HiddenStates);
        if (unet.TimestepCond is { } cond)
        {
            TimestepCond = memory.Allocate(cond.ElementType, [shape.Batch, unet.GuidanceEmbeddingSize]);
            Binding.BindInput(cond.Name, TimestepCond);
        }

        if (unet.TextEmbeds is { } embeds && unet.TimeIds is { } timeIds)
        {
            TextEmbeds = memory.Allocate(embeds.ElementType, [shape.Batch, shape.PooledSize]);
            TimeIds = memory.Allocate(timeIds.ElementType, [shape.Batch, shape.TimeIdsSize]);
            Binding.BindInput(embeds.Name, TextEmbeds);
            Binding.BindInput(timeIds.Name, TimeIds);
        }

        Binding.BindOutput(unet.Output.Name, Output);
    }

    public UnetShape Shape { get; }

    public OrtValue Sample { get; }

    public OrtValue Timestep { get; }

    public OrtValue HiddenStates { get; }

    public OrtValue? TimestepCond { get; }

    /// <summary>SDXL's pooled embedding rows, when the UNet takes them.</summary>
    public OrtValue? TextEmbeds { get; }

    /// <summary>SDXL's time_ids rows, when the UNet takes them.</summary>
    public OrtValue? TimeIds { get; }

    public OrtValue Output { get; }

    public OrtIoBinding Binding { get; }

    public void Dispose()
    {
        Binding.Dispose();
        Sample.Dispose();
        Timestep.Dispose();
        HiddenStates.Dispose();
        TimestepCond?.Dispose();
        TextEmbeds?.Dispose();
        TimeIds?.Dispose();
        Output.Dispose();
    }
}

using DiffusionBot.Diffusion.Device;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// The denoiser. Adapts to the timestep's declared dtype and rank and to an LCM
/// <c>timestep_cond</c> input, and keeps its input/output tensors, bound to the provider's memory, between steps and
/// requests. It also owns the loop's step graphs, built for its own input and output types on first use.
/// </summary>
public sealed class Unet : IDisposable
{
    private readonly OnnxModelPart _part;
    private readonly Dictionary<(string Family, bool Guided), InferenceSession> _stepGraphs = [];
    private readonly bool _capturedGraph;
    private UnetBuffers? _buffers;

    public Unet(OnnxModelPart part, ISessionFactory sessions)
    {
        _part = part;
        Memory = new DeviceMemory(part.Session, sessions);
        _capturedGraph = sessions.CapturesUnetGraph;
        Sample = part.Input("sample");
        TensorValues.RequireFloat(Sample, part.Path);
        Timestep = part.Input("timestep");
        if (Timestep.ElementType is not (TensorElementType.Float or TensorElementType.Float16 or TensorElementType.Int64 or TensorElementType.Int32) || Timestep.Rank > 1)
        {
            throw new ModelFolderException(part.Path, $"declares {Timestep}; a timestep must be a float, float16 or int64 scalar or vector.");
        }

        HiddenStates = part.Input("encoder_hidden_states");
        TensorValues.RequireFloat(HiddenStates, part.Path);
        TimestepCond = part.OptionalInput("timestep_cond");
        TextEmbeds = part.OptionalInput("text_embeds");
        TimeIds = part.OptionalInput("time_ids");
        if ((TextEmbeds is null) != (TimeIds is null))
        {
            throw new ModelFolderException(part.Path, "takes only one of SDXL's added conditioning inputs text_embeds and time_ids; an SDXL UNet takes both.");
        }

        Output = part.FirstOutput("out_sample");
        LatentChannels = Output.FixedDimension(1) ?? Sample.FixedDimension(1) ?? 4;
        InputChannels = Sample.FixedDimension(1) ?? LatentChannels;
        if (InputChannels != LatentChannels && InputChannels != LatentChannels + InpaintChannels)
        {
            throw new ModelFolderException(part.Path, $"takes {InputChannels} channels and returns {LatentChannels}; a UNet takes its latents, or, to inpaint, its latents plus a mask and the masked image's latents ({LatentChannels + InpaintChannels}).");
        }
    }

    /// <summary>What an inpainting UNet takes beside the latents: the mask (1) and the masked image's latents (4).</summary>
    public const int InpaintChannels = 5;

    /// <summary>Channels of the <c>sample</c> input: the latents', or 9 for an inpainting UNet.</summary>
    public int InputChannels { get; }

    /// <summary>Whether this is an inpainting UNet (diffusers' 9-channel <c>in_channels</c>).</summary>
    public bool IsInpainting => InputChannels != LatentChannels;

    public TensorSpec Sample { get; }

    public TensorSpec Timestep { get; }

    public TensorSpec HiddenStates { get; }

    /// <summary>LCM-distilled UNets take the guidance scale as an embedding instead of a CFG batch.</summary>
    public TensorSpec? TimestepCond { get; }

    /// <summary>SDXL's pooled prompt embedding input [B, 1280]; null for SD 1.x/2.x.</summary>
    public TensorSpec? TextEmbeds { get; }

    /// <summary>SDXL's size/crop (or aesthetic score) conditioning [B, 6] or [B, 5]; null for SD 1.x/2.x.</summary>
    public TensorSpec? TimeIds { get; }

    /// <summary>Whether the UNet takes SDXL's added conditioning (<c>text_embeds</c>, <c>time_ids</c>).</summary>
    public bool HasAddedConditioning => TextEmbeds is not null;

    public TensorSpec Output { get; }

    public int LatentChannels { get; }

    public int GuidanceEmbeddingSize => TimestepCond?.FixedDimension(1) ?? 256;

    public string Describe() => _part.Describe();

    /// <summary>Host↔device copies of the loop's bound values, by phase.</summary>
    public TransferCounter Transfers => Memory.Counter;

    internal DeviceMemory Memory { get; }

    /// <summary>Runs every scheduler's step on the host (a test compares both paths bit for bit).</summary>
    internal bool ForceHostStep { get; set; }

    /// <summary>A scheduler family's step graph for this UNet's types, built by <paramref name="formula"/> and opened once.</summary>
    internal InferenceSession StepSession(int slotCount, string family, bool guided, Func<StepGraph, (string Next, string Denoised)> formula)
    {
        if (!_stepGraphs.TryGetValue((family, guided), out var session))
        {
            session = Memory.Sessions.Open(StepGraph.Build(family + "_step", this, guided, slotCount, formula));
            _stepGraphs[(family, guided)] = session;
        }

        return session;
    }

    /// <summary>Tensors for a batch of this shape, reused while the shape stays the same.</summary>
    internal UnetBuffers Buffers(int batch, int latentHeight, int latentWidth, int sequenceLength, int hiddenSize, int pooledSize = 0, int timeIdsSize = 0)
    {
        var key = new UnetShape(batch, LatentChannels, latentHeight, latentWidth, sequenceLength, hiddenSize, pooledSize, timeIdsSize);
        if (_buffers?.Shape != key)
        {
            if (_capturedGraph && _buffers is { Shape: var captured })
            {
                throw new Pipeline.InvalidRequestException($"This worker replays its UNet as a CUDA graph captured for {captured.Width * 8}×{captured.Height * 8} with batch {captured.Batch}; ask for that size (Diffusion:Cuda:EnableCudaGraph).");
            }

            _buffers?.Dispose();
            _buffers = new UnetBuffers(this, key, Memory, _part.Session);
        }

        return _buffers;
    }

    /// <summary>Stopwatch ticks spent inside ONNX Runtime's <c>Run</c> so far (UNet and step graph); benchmarks subtract it from step time.</summary>
    internal long RunTicks { get; private set; }

    internal void Run(UnetBuffers buffers, RunOptions runOptions)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        _part.Session.RunWithBinding(runOptions, buffers.Binding);
        RunTicks += System.Diagnostics.Stopwatch.GetTimestamp() - start;
    }

    /// <summary>Runs a step graph on its bound tensors, timed with the UNet's runs.</summary>
    internal void RunStep(InferenceSession stepSession, OrtIoBinding binding, RunOptions runOptions)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        stepSession.RunWithBinding(runOptions, binding);
        RunTicks += System.Diagnostics.Stopwatch.GetTimestamp() - start;
    }

    public void Dispose()
    {
        _buffers?.Dispose();
        foreach (var session in _stepGraphs.Values)
        {
            session.Dispose();
        }

        _stepGraphs.Clear();
        Memory.Dispose();
        _part.Dispose();
    }
}

using DiffusionBot.Diffusion.Device;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Schedulers;
using DiffusionBot.Diffusion.Text;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>
/// The one denoising loop for every model and scheduler. The UNet's tensors stay bound on the provider's memory and
/// each scheduler family's step graph (<see cref="IDeviceStepFamily"/>) steps there too; a scheduler without one
/// steps on the host behind the same <see cref="IStepKernel"/>. The host reads latents only for a preview someone
/// looks at, and at the end.
/// </summary>
internal sealed class DenoisingLoop(Unet unet)
{
    private float[] _latents = [];
    private float[] _predicted = [];
    private float[] _output = [];

    /// <summary>Binds the UNet's tensors for this batch, uploads the prompt embeddings, and returns the host latents to initialise.</summary>
    public (UnetBuffers Buffers, float[] Latents) Prepare(int count, bool useCfg, int latentHeight, int latentWidth, EncodedPrompt positive, EncodedPrompt? negative, float guidanceScale)
    {
        unet.Transfers.Phase = TransferPhase.Setup;
        var rows = useCfg ? 2 * count : count;
        var buffers = unet.Buffers(rows, latentHeight, latentWidth, positive.SequenceLength, positive.HiddenSize, positive.Pooled?.Length ?? 0, positive.TimeIds?.Length ?? 0);
        var latentLength = count * buffers.Shape.LatentLength;
        if (_latents.Length != latentLength)
        {
            _latents = new float[latentLength];
            _predicted = new float[latentLength];
            _output = new float[rows * buffers.Shape.LatentLength];
        }
        else if (_output.Length != rows * buffers.Shape.LatentLength)
        {
            _output = new float[rows * buffers.Shape.LatentLength];
        }

        unet.Memory.Write(buffers.HiddenStates, ConditioningRows.Stack(positive.HiddenStates, negative?.HiddenStates, count, useCfg));
        if (buffers.TextEmbeds is { } embeds && buffers.TimeIds is { } timeIds)
        {
            unet.Memory.Write(embeds, ConditioningRows.Stack(positive.Pooled!, negative?.Pooled, count, useCfg));
            unet.Memory.Write(timeIds, ConditioningRows.Stack(positive.TimeIds!, negative?.TimeIds, count, useCfg));
        }
        if (buffers.TimestepCond is { } cond)
        {
            var size = (int)cond.GetTensorTypeAndShape().Shape[1];
            var embedding = new float[rows * size];
            for (var r = 0; r < rows; r++)
            {
                GuidanceEmbedding.Write(guidanceScale, embedding.AsSpan(r * size, size));
            }

            unet.Memory.Write(cond, embedding);
        }

        return (buffers, _latents);
    }

    /// <summary>Denoises <paramref name="latents"/> from <c>run.Begin</c> to the end; returns the finished latents on the host.</summary>
    public float[] Run(LoopRun run, float[] latents, DenoisingProgressHandler? progress, CancellationToken cancellationToken)
    {
        using var kernel = KernelFor(run);
        kernel.Begin(latents);
        var timesteps = run.Scheduler.Timesteps;
        var total = run.TotalSteps ?? run.Stop - run.Begin;
        var shape = run.Buffers.Shape;
        for (var i = run.Begin; i < run.Stop; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            unet.Transfers.Phase = TransferPhase.Step;
            kernel.Step(i);
            run.Blend?.AfterStep(run.Scheduler, i, latents);
            if (progress is not null)
            {
                unet.Transfers.Phase = TransferPhase.Preview;
                progress(new DenoisingProgress(run.StepOffset + i - run.Begin + 1, total, timesteps[i], kernel, run.Count, shape.Channels, shape.Height, shape.Width, kernel.InputScaleAfter(i)));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        unet.Transfers.Phase = TransferPhase.Result;
        return kernel.Finish();
    }

    private IStepKernel KernelFor(LoopRun run)
    {
        // An inpainting blend mixes latents between steps, and an inpainting UNet's extra input channels are written
        // beside them; only the host step exposes both.
        IDeviceStepFamily? family = unet.ForceHostStep || run.Blend is not null || run.InpaintInputs is not null ? null : run.Scheduler switch
        {
            SigmaScheduler sigma => new EulerFamily(unet, sigma),
            DdimScheduler ddim => new DdimFamily(unet, ddim),
            DpmSolverMultistepScheduler dpm => new DpmFamily(unet, dpm),
            PndmScheduler pndm => new PndmFamily(unet, pndm),
            LcmScheduler lcm => new LcmFamily(unet, lcm),
            _ => null,
        };
        return family is null ? new HostStepKernel(run, _output) : new GraphStepKernel(run, family, _latents, _predicted);
    }
}

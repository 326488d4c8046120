using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Schedulers;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Device;

/// <summary>One request's denoising: the bound UNet tensors, the scheduler (timesteps already set), and the batch.</summary>
internal sealed record LoopRun(Unet Unet, UnetBuffers Buffers, IScheduler Scheduler, int Count, bool UseCfg, float GuidanceScale, INoiseSource Noise, RunOptions RunOptions, int Begin, int? End = null, int StepOffset = 0, int? TotalSteps = null, Inpainting.InpaintBlend? Blend = null, Inpainting.InpaintInputs? InpaintInputs = null)
{
    /// <summary>The timestep index the loop stops before: the end, or where a refiner takes over.</summary>
    public int Stop => End ?? Scheduler.Timesteps.Count;

    /// <summary>Numbers in the batch's latents (the unconditional rows not counted).</summary>
    public int LatentLength => Count * Buffers.Shape.LatentLength;

    public int Repeat => UseCfg ? 2 : 1;
}

namespace DiffusionBot.Diffusion.Device;

/// <summary>
/// The step on the host, for a scheduler with no device graph (none today; a new scheduler starts here, and tests
/// force it to compare both paths): per step, the scaled sample and the timestep go to the device and the noise
/// prediction comes back. Guidance and the step are the scheduler's own span math, in place.
/// </summary>
internal sealed class HostStepKernel(LoopRun run, float[] output) : IStepKernel
{
    private float[] _latents = [];

    public void Begin(float[] latents) => _latents = latents;

    public void Step(int index)
    {
        var memory = run.Unet.Memory;
        var buffers = run.Buffers;
        var t = run.Scheduler.Timesteps[index];
        if (run.InpaintInputs is { } inputs)
        {
            memory.Write(buffers.Sample, inputs.Compose(_latents, run.Scheduler.ModelInputScale(t), run.Count, run.Repeat));
        }
        else
        {
            memory.Write(buffers.Sample, _latents, run.Scheduler.ModelInputScale(t), run.Repeat);
        }

        memory.Fill(buffers.Timestep, t);
        run.Unet.Run(buffers, run.RunOptions);
        var length = _latents.Length;
        memory.Read(buffers.Output, 0, output.AsSpan(0, length * run.Repeat));
        var prediction = output.AsSpan(0, length);
        if (run.UseCfg)
        {
            var conditional = output.AsSpan(length, length);
            var g = run.GuidanceScale;
            for (var i = 0; i < length; i++)
            {
                prediction[i] += g * (conditional[i] - prediction[i]);
            }
        }

        run.Scheduler.Step(prediction, t, _latents, run.Noise);
    }

    public float InputScaleAfter(int index)
    {
        var timesteps = run.Scheduler.Timesteps;
        return index + 1 < timesteps.Count ? run.Scheduler.ModelInputScale(timesteps[index + 1]) : 1f;
    }

    public ReadOnlySpan<float> Latents() => _latents;

    public ReadOnlySpan<float> PredictedOriginal() => run.Scheduler.PredictedOriginalSample;

    public float[] Finish() => _latents;

    public void Dispose()
    {
    }
}

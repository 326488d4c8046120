using DiffusionBot.Diffusion.Schedulers;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.Diffusion.Device;

/// <summary>
/// Euler and Euler ancestral entirely on the device: per step, the UNet and <see cref="EulerStepGraph"/> run on bound
/// tensors and nothing crosses to the host. Per-request tables (coefficients, timesteps, the ancestral noise drawn on
/// the host from the request's seeds) are uploaded once in <see cref="Begin"/>; two fixed bindings alternate, so the
/// step itself binds nothing.
/// </summary>
internal sealed class EulerGraphKernel : IStepKernel
{
    private readonly LoopRun _run;
    private readonly SigmaScheduler _scheduler;
    private readonly bool _ancestral;
    private readonly int _steps;
    private readonly List<OrtValue> _owned = [];
    private readonly OrtIoBinding[] _bindings = new OrtIoBinding[2];
    private readonly float[] _latents;
    private readonly float[] _predicted;
    private readonly float[] _scales;
    private OrtValue[] _samples = [];
    private OrtValue _prediction = null!;
    private InferenceSession _session = null!;
    private int _current;
    private int _latentsReadAt = -1;
    private int _predictedReadAt = -1;
    private int _done;

    public EulerGraphKernel(LoopRun run, SigmaScheduler scheduler, float[] latents, float[] predicted)
    {
        _run = run;
        _scheduler = scheduler;
        _ancestral = scheduler is EulerAncestralScheduler;
        _steps = scheduler.Timesteps.Count - run.Begin;
        _latents = latents;
        _predicted = predicted;
        _scales = new float[_steps];
    }

    public void Begin(float[] latents)
    {
        var memory = _run.Unet.Memory;
        var buffers = _run.Buffers;
        var timesteps = _scheduler.Timesteps;
        long[] shape = [_run.Count, buffers.Shape.Channels, buffers.Shape.Height, buffers.Shape.Width];

        // diffusers' scale_model_input on the first step also fixes the scheduler's step index.
        _scales[0] = _scheduler.ModelInputScale(timesteps[_run.Begin]);
        var coefficients = new float[_steps * EulerStepGraph.SlotCount];
        var stepTimesteps = new float[_steps + 1];
        for (var r = 0; r < _steps; r++)
        {
            var i = _run.Begin + r;
            var (sigma, output, sample) = _scheduler.DenoisedAt(i);
            var (dt, sigmaUp) = _scheduler.MoveAt(i);
            if (r > 0)
            {
                _scales[r] = _scheduler.InputScaleAt(i);
            }

            var row = coefficients.AsSpan(r * EulerStepGraph.SlotCount, EulerStepGraph.SlotCount);
            row[EulerStepGraph.GuidanceSlot] = _run.GuidanceScale;
            row[EulerStepGraph.DenoiseOutputSlot] = output;
            row[EulerStepGraph.DenoiseSampleSlot] = sample;
            row[EulerStepGraph.SigmaSlot] = sigma;
            row[EulerStepGraph.DtSlot] = dt;
            row[EulerStepGraph.SigmaUpSlot] = sigmaUp;
            row[EulerStepGraph.NextScaleSlot] = r + 1 < _steps ? _scheduler.InputScaleAt(i + 1) : 1f;
            stepTimesteps[r] = timesteps[i];
        }

        stepTimesteps[_steps] = timesteps[^1];
        var coefficientTable = Own(memory.Allocate(TensorElementType.Float, [_steps, EulerStepGraph.SlotCount]));
        memory.Write(coefficientTable, coefficients);
        var timestepShape = buffers.Timestep.GetTensorTypeAndShape().Shape;
        var timestepTable = Own(memory.Allocate(buffers.Timestep.GetTensorTypeAndShape().ElementDataType, [_steps + 1, .. timestepShape]));
        memory.WriteRows(timestepTable, stepTimesteps);
        OrtValue? noiseTable = null;
        if (_ancestral)
        {
            var noise = new float[_steps * latents.Length];
            for (var r = 0; r < _steps; r++)
            {
                _run.Noise.FillGaussian(noise.AsSpan(r * latents.Length, latents.Length));
            }

            noiseTable = Own(memory.Allocate(TensorElementType.Float, [_steps, .. shape]));
            memory.Write(noiseTable, noise);
        }

        OrtValue[] steps = [Own(memory.Allocate(TensorElementType.Int64, [])), Own(memory.Allocate(TensorElementType.Int64, []))];
        memory.Fill(steps[0], 0f);
        _samples = [Own(memory.Allocate(TensorElementType.Float, shape)), Own(memory.Allocate(TensorElementType.Float, shape))];
        _prediction = Own(memory.Allocate(TensorElementType.Float, shape));
        memory.Write(_samples[0], latents);
        memory.Write(buffers.Sample, latents, _scales[0], _run.Repeat);
        memory.Fill(buffers.Timestep, timesteps[_run.Begin]);

        _session = _run.Unet.EulerStepSession(_run.UseCfg, _ancestral);
        for (var b = 0; b < 2; b++)
        {
            var binding = _session.CreateIoBinding();
            _bindings[b] = binding;
            binding.BindInput(EulerStepGraph.ModelOutput, buffers.Output);
            binding.BindInput(EulerStepGraph.Sample, _samples[b]);
            binding.BindInput(EulerStepGraph.StepIndex, steps[b]);
            binding.BindInput(EulerStepGraph.Coefficients, coefficientTable);
            binding.BindInput(EulerStepGraph.Timesteps, timestepTable);
            if (noiseTable is not null)
            {
                binding.BindInput(EulerStepGraph.Noise, noiseTable);
            }

            binding.BindOutput(EulerStepGraph.PrevSample, _samples[1 - b]);
            binding.BindOutput(EulerStepGraph.NextStepIndex, steps[1 - b]);
            binding.BindOutput(EulerStepGraph.PredictedOriginal, _prediction);
            binding.BindOutput(EulerStepGraph.UnetSample, buffers.Sample);
            binding.BindOutput(EulerStepGraph.UnetTimestep, buffers.Timestep);
        }
    }

    public void Step(int index)
    {
        _run.Unet.Run(_run.Buffers, _run.RunOptions);
        _session.RunWithBinding(_run.RunOptions, _bindings[_current]);
        _current = 1 - _current;
        _done++;
    }

    public float InputScaleAfter(int index)
    {
        var r = index - _run.Begin + 1;
        return r < _steps ? _scales[r] : 1f;
    }

    public ReadOnlySpan<float> Latents()
    {
        if (_latentsReadAt != _done)
        {
            _run.Unet.Memory.Read(_samples[_current], 0, _latents);
            _latentsReadAt = _done;
        }

        return _latents;
    }

    public ReadOnlySpan<float> PredictedOriginal()
    {
        if (_predictedReadAt != _done)
        {
            _run.Unet.Memory.Read(_prediction, 0, _predicted);
            _predictedReadAt = _done;
        }

        return _predicted;
    }

    public float[] Finish()
    {
        _latentsReadAt = -1;
        Latents();
        return _latents;
    }

    private OrtValue Own(OrtValue value)
    {
        _owned.Add(value);
        return value;
    }

    public void Dispose()
    {
        foreach (var binding in _bindings)
        {
            binding?.Dispose();
        }

        foreach (var value in _owned)
        {
            value.Dispose();
        }

        _owned.Clear();
    }
}

using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.Diffusion.Device;

/// <summary>
/// A whole step on the device: per step, the UNet and the family's <see cref="StepGraph"/> run on bound tensors and
/// nothing crosses to the host. Per-request tables (coefficients, timesteps, ancestral noise drawn on the host from
/// the request's seeds) are uploaded once in <see cref="Begin"/>; two fixed bindings alternate, so a step binds nothing.
/// </summary>
internal sealed class GraphStepKernel : IStepKernel
{
    private readonly LoopRun _run;
    private readonly IDeviceStepFamily _family;
    private readonly IReadOnlyList<float> _timesteps;
    private readonly int _steps;
    private readonly List<OrtValue> _owned = [];
    private readonly OrtIoBinding[] _bindings = new OrtIoBinding[2];
    private readonly float[] _latents;
    private readonly float[] _predicted;
    private readonly float[] _scales;
    private OrtValue[] _samples = [];
    private OrtValue[] _predictions = [];
    private InferenceSession _session = null!;
    private int _current;
    private int _latentsReadAt = -1;
    private int _predictedReadAt = -1;
    private int _done;

    public GraphStepKernel(LoopRun run, IDeviceStepFamily family, float[] latents, float[] predicted)
    {
        _run = run;
        _family = family;
        _timesteps = run.Scheduler.Timesteps;
        _steps = _timesteps.Count - run.Begin;
        _latents = latents;
        _predicted = predicted;
        _scales = new float[_steps];
    }

    public void Begin(float[] latents)
    {
        var memory = _run.Unet.Memory;
        var buffers = _run.Buffers;
        var timesteps = _timesteps;
        long[] shape = [_run.Count, buffers.Shape.Channels, buffers.Shape.Height, buffers.Shape.Width];

        _scales[0] = _family.FirstInputScale(timesteps[_run.Begin]);
        var coefficients = new float[_steps * _family.SlotCount];
        var stepTimesteps = new float[_steps + 1];
        for (var r = 0; r < _steps; r++)
        {
            var i = _run.Begin + r;
            if (r > 0)
            {
                _scales[r] = _family.InputScaleAt(i);
            }

            var row = coefficients.AsSpan(r * _family.SlotCount, _family.SlotCount);
            _family.FillRow(i, r, row);
            row[StepGraph.GuidanceSlot] = _run.GuidanceScale;
            row[StepGraph.NextScaleSlot] = r + 1 < _steps ? _family.InputScaleAt(i + 1) : 1f;
            stepTimesteps[r] = timesteps[i];
        }

        stepTimesteps[_steps] = timesteps[_timesteps.Count - 1];
        var coefficientTable = Own(memory.Allocate(TensorElementType.Float, [_steps, _family.SlotCount]));
        memory.Write(coefficientTable, coefficients);
        var timestepShape = buffers.Timestep.GetTensorTypeAndShape().Shape;
        var timestepTable = Own(memory.Allocate(buffers.Timestep.GetTensorTypeAndShape().ElementDataType, [_steps + 1, .. timestepShape]));
        memory.WriteRows(timestepTable, stepTimesteps);
        OrtValue? noiseTable = null;
        if (_family.NeedsNoise)
        {
            var noise = new float[_steps * latents.Length];
            for (var r = 0; r < _steps; r++)
            {
                if (_family.DrawsNoiseAt(_run.Begin + r))
                {
                    _run.Noise.FillGaussian(noise.AsSpan(r * latents.Length, latents.Length));
                }
            }

            noiseTable = Own(memory.Allocate(TensorElementType.Float, [_steps, .. shape]));
            memory.Write(noiseTable, noise);
        }

        OrtValue[] steps = [Own(memory.Allocate(TensorElementType.Int64, [])), Own(memory.Allocate(TensorElementType.Int64, []))];
        memory.Fill(steps[0], 0f);
        _samples = [Own(memory.Allocate(TensorElementType.Float, shape)), Own(memory.Allocate(TensorElementType.Float, shape))];
        var prediction = Own(memory.Allocate(TensorElementType.Float, shape));
        _predictions = _family.NeedsPreviousPrediction ? [prediction, Own(memory.Allocate(TensorElementType.Float, shape))] : [prediction, prediction];
        if (_family.NeedsPreviousPrediction)
        {
            memory.Write(_predictions[1], new float[latents.Length]);
        }

        memory.Write(_samples[0], latents);
        memory.Write(buffers.Sample, latents, _scales[0], _run.Repeat);
        memory.Fill(buffers.Timestep, timesteps[_run.Begin]);

        var states = new List<(StepState State, OrtValue[] Buffers)>();
        foreach (var state in _family.States)
        {
            long[] stateShape = state.History == 0 ? shape : [state.History, .. shape];
            OrtValue[] values = [Own(memory.Allocate(TensorElementType.Float, stateShape)), Own(memory.Allocate(TensorElementType.Float, stateShape))];
            memory.Write(values[0], new float[latents.Length * Math.Max(1, state.History)]);
            states.Add((state, values));
        }

        _session = _family.Session(_run.UseCfg);
        for (var b = 0; b < 2; b++)
        {
            var binding = _session.CreateIoBinding();
            _bindings[b] = binding;
            binding.BindInput(StepGraph.ModelOutput, buffers.Output);
            binding.BindInput(StepGraph.Sample, _samples[b]);
            binding.BindInput(StepGraph.StepIndex, steps[b]);
            binding.BindInput(StepGraph.Coefficients, coefficientTable);
            binding.BindInput(StepGraph.Timesteps, timestepTable);
            if (noiseTable is not null)
            {
                binding.BindInput(StepGraph.Noise, noiseTable);
            }

            foreach (var (state, values) in states)
            {
                binding.BindInput(state.Name, values[b]);
                binding.BindOutput(state.OutputName, values[1 - b]);
            }

            binding.BindOutput(StepGraph.PrevSample, _samples[1 - b]);
            binding.BindOutput(StepGraph.NextStepIndex, steps[1 - b]);
            binding.BindOutput(StepGraph.PredictedOriginal, _predictions[b]);
            if (_family.NeedsPreviousPrediction)
            {
                binding.BindInput(StepGraph.PreviousPrediction, _predictions[1 - b]);
            }

            binding.BindOutput(StepGraph.UnetSample, buffers.Sample);
            binding.BindOutput(StepGraph.UnetTimestep, buffers.Timestep);
        }
    }

    public void Step(int index)
    {
        _run.Unet.Run(_run.Buffers, _run.RunOptions);
        _run.Unet.RunStep(_session, _bindings[_current], _run.RunOptions);
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
            _run.Unet.Memory.Read(_predictions[1 - _current], 0, _predicted);
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

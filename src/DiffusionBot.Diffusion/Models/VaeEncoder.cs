using DiffusionBot.Diffusion.Schedulers;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// Images in [-1, 1] → latents. Handles both export styles: <c>latent_sample</c> (already
/// sampled inside the graph) and <c>latent_parameters</c> (mean ‖ logvar, sampled here with the
/// request's seeded noise).
/// </summary>
public sealed class VaeEncoder : IDisposable
{
    private readonly OnnxModelPart _part;
    private readonly TensorSpec _input;
    private readonly TensorSpec _output;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public VaeEncoder(OnnxModelPart part)
    {
        _part = part;
        _input = part.Input("sample");
        TensorValues.RequireFloat(_input, part.Path);
        _output = part.FirstOutput("latent_sample", "latent_parameters");
        TensorValues.RequireFloat(_output, part.Path);
        _inputNames = [_input.Name];
        _outputNames = [_output.Name];
    }

    /// <summary>True when the graph returns mean ‖ logvar and the latent is sampled here (seeded, reproducible).</summary>
    public bool ReturnsDistribution => _output.Name == "latent_parameters";

    public string Describe() => _part.Describe();

    /// <summary>Encodes one image [1, 3, height, width]; returns its latent [channels, height/8, width/8] (not yet scaled).</summary>
    public float[] Encode(ReadOnlySpan<float> image, int height, int width, INoiseSource noise, RunOptions runOptions)
    {
        using var input = TensorValues.FromFloats(_input, image, [1, 3, height, width]);
        using var outputs = _part.Session.Run(runOptions, _inputNames, [input], _outputNames);
        var raw = TensorValues.ReadFloats(outputs[0]);
        return ReturnsDistribution ? SampleFromParameters(raw, noise) : raw;
    }

    private static float[] SampleFromParameters(float[] parameters, INoiseSource noise)
    {
        var half = parameters.Length / 2;
        var latent = new float[half];
        noise.FillGaussian(latent);
        for (var i = 0; i < half; i++)
        {
            var logVariance = Math.Clamp(parameters[half + i], -30f, 20f);
            latent[i] = parameters[i] + MathF.Exp(0.5f * logVariance) * latent[i];
        }

        return latent;
    }

    public void Dispose() => _part.Dispose();
}

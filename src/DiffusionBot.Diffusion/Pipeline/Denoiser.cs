using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Text;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>
/// One UNet evaluation per step: scaled latents in (twice for classifier-free guidance, the
/// unconditional rows first), guided noise prediction out. Nothing is allocated per step.
/// </summary>
internal sealed class Denoiser(Unet unet)
{
    private DenoiserBuffers? _buffers;

    public DenoiserBuffers Prepare(int count, bool useCfg, int latentHeight, int latentWidth, EncodedPrompt positive, EncodedPrompt? negative, float guidanceScale)
    {
        var rows = useCfg ? 2 * count : count;
        var unetBuffers = unet.Buffers(rows, latentHeight, latentWidth, positive.SequenceLength, positive.HiddenSize);
        var latentLength = count * unetBuffers.Shape.LatentLength;
        if (_buffers is null || _buffers.Latents.Length != latentLength)
        {
            _buffers = new DenoiserBuffers(new float[latentLength], new float[latentLength]);
        }

        _buffers.Unet = unetBuffers;
        _buffers.Count = count;
        _buffers.UseCfg = useCfg;
        _buffers.GuidanceScale = guidanceScale;

        var promptLength = positive.HiddenStates.Length;
        var hidden = new float[rows * promptLength];
        for (var r = 0; r < rows; r++)
        {
            var source = useCfg && r < count ? negative!.HiddenStates : positive.HiddenStates;
            source.CopyTo(hidden, r * promptLength);
        }

        TensorValues.WriteFloats(unetBuffers.HiddenStates, hidden);
        if (unetBuffers.TimestepCond is { } cond)
        {
            var size = (int)cond.GetTensorTypeAndShape().Shape[1];
            var embedding = new float[rows * size];
            for (var r = 0; r < rows; r++)
            {
                GuidanceEmbedding.Write(guidanceScale, embedding.AsSpan(r * size, size));
            }

            TensorValues.WriteFloats(cond, embedding);
        }

        return _buffers;
    }

    public void PredictNoise(DenoiserBuffers buffers, float timestep, float inputScale, RunOptions runOptions)
    {
        var unetBuffers = buffers.Unet;
        TensorValues.WriteScaled(unetBuffers.Sample, unet.Sample.ElementType, buffers.Latents, inputScale, buffers.UseCfg ? 2 : 1);
        TensorValues.Fill(unetBuffers.Timestep, unet.Timestep.ElementType, timestep);
        unet.Run(unetBuffers, runOptions);
        var prediction = buffers.NoisePrediction;
        TensorValues.ReadFloats(unetBuffers.Output, unet.Output.ElementType, 0, prediction);
        if (!buffers.UseCfg)
        {
            return;
        }

        var conditional = buffers.Conditional;
        TensorValues.ReadFloats(unetBuffers.Output, unet.Output.ElementType, prediction.Length, conditional);
        var g = buffers.GuidanceScale;
        for (var i = 0; i < prediction.Length; i++)
        {
            prediction[i] += g * (conditional[i] - prediction[i]);
        }
    }
}

using DiffusionBot.Diffusion.Forge;

namespace DiffusionBot.Diffusion.Tests.Forge;

/// <summary>A minimal DDIM + classifier-free-guidance loop over the demo model, independent of the engine.</summary>
internal sealed class DemoSampler(string folder)
{
    public const int LatentSize = 8;
    private const int Channels = 4;
    private static readonly float[] AlphasCumprod = StableDiffusionSchedule.AlphasCumprod();

    public float[] Encode(params string[] words)
    {
        var ids = new float[77];
        Array.Fill(ids, ClipVocabulary.EndOfText);
        ids[0] = ClipVocabulary.StartOfText;
        for (var i = 0; i < words.Length; i++)
        {
            ids[i + 1] = ClipVocabulary.IdOfWord(words[i]);
        }

        using var run = new ModelRun(Path.Combine(folder, "text_encoder", "model.onnx")).With("input_ids", [1, 77], ids);
        return run.Run()["last_hidden_state"].Values;
    }

    /// <summary>Returns the decoded image [3, 8·latentSize, 8·latentSize] in [-1, 1].</summary>
    public float[] Paint(string prompt, float guidance, int seed, int steps = 20, int latentSize = LatentSize)
    {
        var words = prompt.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var text = Encode().Concat(Encode(words)).ToArray();
        var random = new Random(seed);
        var size = Channels * latentSize * latentSize;
        var x = Enumerable.Range(0, size).Select(_ => Gaussian(random)).ToArray();
        for (var i = steps - 1; i >= 0; i--)
        {
            var t = (i * (1000 / steps)) + 1;
            var previous = i > 0 ? AlphasCumprod[t - (1000 / steps)] : AlphasCumprod[0];
            var both = Predict([.. x, .. x], t, text, latentSize);
            var a = AlphasCumprod[t];
            for (var j = 0; j < size; j++)
            {
                var eps = both[j] + (guidance * (both[size + j] - both[j]));
                var x0 = (x[j] - (MathF.Sqrt(1 - a) * eps)) / MathF.Sqrt(a);
                x[j] = (MathF.Sqrt(previous) * x0) + (MathF.Sqrt(1 - previous) * eps);
            }
        }

        using var decoder = new ModelRun(Path.Combine(folder, "vae_decoder", "model.onnx"))
            .With("latent_sample", [1, Channels, latentSize, latentSize], j => x[j] / 0.18215f);
        return decoder.Run()["sample"].Values;
    }

    public static float Gaussian(Random random) =>
        MathF.Sqrt(-2f * MathF.Log(1f - random.NextSingle())) * MathF.Cos(2f * MathF.PI * random.NextSingle());

    private float[] Predict(float[] sample, float t, float[] text, int latentSize)
    {
        using var run = new ModelRun(Path.Combine(folder, "unet", "model.onnx"))
            .With("sample", [2, Channels, latentSize, latentSize], sample)
            .With("timestep", [2], _ => t)
            .With("encoder_hidden_states", [2, 77, DemoModelForge.HiddenSize], text);
        return run.Run()["out_sample"].Values;
    }
}

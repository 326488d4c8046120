using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// The analytic denoiser: the data are the K concept latents, so the ideal x̂₀ is their posterior
/// mean given xₜ and ᾱₜ, with the prompt's summed embedding added to the logits.
/// </summary>
internal static class DemoUnetGraph
{
    /// <summary>Concept latents are drawn at 512² (64² latents) and resized in-graph to the sample.</summary>
    public const int BaseLatentSize = 64;

    public static ModelProto Build(DemoModelOptions options, int hiddenSize)
    {
        var k = DemoConceptCatalog.All.Count;
        var g = new OnnxGraphBuilder("demo_unet");
        var channels = options.Inpainting ? DemoLatentSpace.Channels + Models.Unet.InpaintChannels : DemoLatentSpace.Channels;
        var input = g.Input("sample", DataType.Float, "batch", channels, "height", "width");
        var sample = options.Inpainting ? Channels(g, input, 0, DemoLatentSpace.Channels) : input;
        var kept = options.Inpainting
            ? (Mask: Channels(g, input, DemoLatentSpace.Channels, 1), Latents: Channels(g, input, DemoLatentSpace.Channels + 1, DemoLatentSpace.Channels))
            : ((string Mask, string Latents)?)null;
        var timestep = g.Input("timestep", DataType.Float, "batch");
        OnnxDim sequence = options.FixedPromptLength is { } length ? length : "sequence";
        var text = g.Input("encoder_hidden_states", DataType.Float, "batch", sequence, hiddenSize);
        var projected = PromptProjection(g, text, hiddenSize);
        var prompt = g.MatMul(g.ReduceSum(projected, false, 1), g.Floats(PromptWeights(options, hiddenSize, k), hiddenSize, k));
        Denoise(g, options, sample, timestep, prompt, kept: kept);
        return g.Build();
    }

    /// <summary>Channels [<paramref name="first"/>, first + <paramref name="count"/>) of an NCHW value.</summary>
    private static string Channels(OnnxGraphBuilder g, string value, long first, long count) =>
        g.Node("Slice", [value, g.Int64s(first), g.Int64s(first + count), g.Int64s(1)]);

    /// <summary>
    /// <c>prompt_proj</c>: an identity linear layer on the text embeddings, exported as torch.onnx
    /// exports a linear (node <c>/prompt_proj/MatMul</c>, weight renamed <c>onnx::MatMul_…</c>), so a
    /// LoRA can change what a word paints (<see cref="DemoLoraForge"/>).
    /// </summary>
    private static string PromptProjection(OnnxGraphBuilder g, string text, int hiddenSize)
    {
        var identity = new float[hiddenSize * hiddenSize];
        for (var i = 0; i < hiddenSize; i++)
        {
            identity[(i * hiddenSize) + i] = 1f;
        }

        return g.NamedNode(ModuleGraph.NodeName(PromptProjectionModule, "MatMul"), "MatMul",
            [text, g.NamedFloats("onnx::MatMul_" + PromptProjectionModule, identity, hiddenSize, hiddenSize)]);
    }

    public const string PromptProjectionModule = "prompt_proj";

    /// <summary>
    /// Declares <c>out_sample</c>: the ideal prediction for the concept data, given per-concept prompt logits
    /// [batch, concepts] that a UNet variant computes from its conditioning inputs.
    /// </summary>
    /// <param name="kept">An inpainting UNet's mask and masked-image latents: where the mask keeps, x̂₀ is the kept latents.</param>
    public static void Denoise(OnnxGraphBuilder g, DemoModelOptions options, string sample, string timestep, string prompt, DemoLatentSpace? space = null, (string Mask, string Latents)? kept = null)
    {
        var k = DemoConceptCatalog.All.Count;
        var alphaBar = AlphaBar(g, timestep);
        var sqrtAlphaBar = g.Node("Sqrt", [alphaBar]);
        var noiseVariance = g.Sub(g.Scalar(1f), alphaBar);
        var noiseStd = g.Node("Sqrt", [noiseVariance]);

        var shape = g.Node("Shape", [sample]);
        var sizes = g.Node("Concat", [g.Int64s(k, DemoLatentSpace.Channels), g.Node("Slice", [shape, g.Int64s(2), g.Int64s(4)])],
            OnnxGraphBuilder.Int("axis", 0));
        var patterns = g.Node("Resize", [g.Floats(Patterns(space ?? DemoLatentSpace.Sd15), k, DemoLatentSpace.Channels, BaseLatentSize, BaseLatentSize), "", "", sizes],
            OnnxGraphBuilder.String("mode", "linear"));
        var denoised = options.LocalPosterior || options.Inpainting
            ? LocalPosterior(g, options, sample, patterns, sqrtAlphaBar, alphaBar, noiseVariance, prompt)
            : GlobalPosterior(g, options, sample, patterns, shape, sqrtAlphaBar, alphaBar, noiseVariance, prompt);
        if (kept is { } keptInputs)
        {
            denoised = g.Add(g.Mul(denoised, keptInputs.Mask), g.Mul(keptInputs.Latents, g.Sub(g.Scalar(1f), keptInputs.Mask)));
        }

        var epsilon = g.Div(g.Sub(sample, g.Mul(denoised, sqrtAlphaBar)), noiseStd);
        var output = options.PredictionType switch
        {
            PipelineConfigFiles.Epsilon => epsilon,
            PipelineConfigFiles.VPrediction => g.Sub(g.Mul(epsilon, sqrtAlphaBar), g.Mul(denoised, noiseStd)),
            _ => throw new ArgumentException($"Unknown prediction type '{options.PredictionType}'.", nameof(options)),
        };
        g.Output("out_sample", output, DataType.Float, "batch", DemoLatentSpace.Channels, "height", "width");
    }

    private static string GlobalPosterior(OnnxGraphBuilder g, DemoModelOptions options, string sample, string patterns, string shape, string sqrtAlphaBar, string alphaBar, string noiseVariance, string prompt)
    {
        var k = DemoConceptCatalog.All.Count;
        var flatPatterns = g.Reshape(patterns, k, -1);
        var flatSample = g.Reshape(sample, 0, -1);

        // −‖x − √ᾱ·c‖² / 2(1−ᾱ) without ‖x‖², which is the same for every concept and cancels in the softmax.
        var dot = g.Node("Gemm", [flatSample, flatPatterns], OnnxGraphBuilder.Int("transB", 1));
        var squaredNorms = g.ReduceSum(g.Mul(flatPatterns, flatPatterns), false, 1);
        var closeness = g.Sub(g.Mul(dot, sqrtAlphaBar), g.Mul(squaredNorms, g.Mul(alphaBar, g.Scalar(0.5f))));
        var perElement = g.Div(g.Scalar(options.EvidenceElements * k), g.Cast(g.Node("Size", [flatPatterns]), DataType.Float));
        var evidence = g.Div(g.Mul(closeness, perElement), noiseVariance);

        var logits = g.Add(g.Add(evidence, prompt), g.Floats(Priors(options), k));
        var posterior = g.Node("Softmax", [logits], OnnxGraphBuilder.Int("axis", 1));
        return g.Node("Reshape", [g.MatMul(posterior, flatPatterns), shape]);
    }

    /// <summary>
    /// The same posterior per latent position, as a UNet's local receptive field sees the image: each position weighs
    /// its own channels' distance (scaled as the global mean is) with the prompt, so one region can be repainted while
    /// the rest is kept, which a whole-image mixture cannot do.
    /// </summary>
    private static string LocalPosterior(OnnxGraphBuilder g, DemoModelOptions options, string sample, string patterns, string sqrtAlphaBar, string alphaBar, string noiseVariance, string prompt)
    {
        var perPosition = g.Unsqueeze(patterns, 0);
        var dot = g.ReduceSum(g.Mul(g.Unsqueeze(sample, 1), perPosition), false, 2);
        var squaredNorms = g.ReduceSum(g.Mul(patterns, patterns), false, 1);
        var closeness = g.Sub(g.Mul(dot, sqrtAlphaBar), g.Mul(squaredNorms, g.Mul(alphaBar, g.Scalar(0.5f))));
        var evidence = g.Div(g.Mul(closeness, g.Scalar(options.EvidenceElements / DemoLatentSpace.Channels)), noiseVariance);
        var k = DemoConceptCatalog.All.Count;
        var logits = g.Add(g.Add(evidence, g.Unsqueeze(prompt, 2, 3)), g.Floats(Priors(options), k, 1, 1));
        var posterior = g.Node("Softmax", [logits], OnnxGraphBuilder.Int("axis", 1));
        return g.ReduceSum(g.Mul(g.Unsqueeze(posterior, 2), perPosition), false, 1);
    }

    /// <summary>ᾱ(t), linear between table entries; t is the first timestep element, clamped to [0, 999].</summary>
    private static string AlphaBar(OnnxGraphBuilder g, string timestep)
    {
        var last = StableDiffusionSchedule.TrainSteps - 1;
        var t = g.Node("Clip", [g.Cast(g.FirstElement(timestep), DataType.Float), g.Scalar(0f), g.Scalar(last)]);
        var floor = g.Node("Floor", [t]);
        var fraction = g.Sub(t, floor);
        var lower = g.Cast(floor, DataType.Int64);
        var upper = g.Node("Min", [g.Add(lower, g.ScalarInt64(1)), g.ScalarInt64(last)]);
        var table = g.Floats(StableDiffusionSchedule.AlphasCumprod(), StableDiffusionSchedule.TrainSteps);
        var a0 = g.Node("Gather", [table, lower], OnnxGraphBuilder.Int("axis", 0));
        var a1 = g.Node("Gather", [table, upper], OnnxGraphBuilder.Int("axis", 0));
        return g.Add(a0, g.Mul(fraction, g.Sub(a1, a0)));
    }

    private static float[] Patterns(DemoLatentSpace space)
    {
        var concepts = DemoConceptCatalog.All;
        const int side = BaseLatentSize;
        var patterns = new float[concepts.Count * DemoLatentSpace.Channels * side * side];
        Span<float> latent = stackalloc float[DemoLatentSpace.Channels];
        for (var k = 0; k < concepts.Count; k++)
        {
            for (var y = 0; y < side; y++)
            {
                for (var x = 0; x < side; x++)
                {
                    space.ToLatent(concepts[k].RgbAt((x + 0.5f) / side, (y + 0.5f) / side), latent);
                    for (var c = 0; c < DemoLatentSpace.Channels; c++)
                    {
                        patterns[((((k * DemoLatentSpace.Channels) + c) * side) + y) * side + x] = latent[c];
                    }
                }
            }
        }

        return patterns;
    }

    private static float[] PromptWeights(DemoModelOptions options, int hiddenSize, int conceptCount)
    {
        var weights = new float[hiddenSize * conceptCount];
        for (var k = 0; k < conceptCount; k++)
        {
            weights[(k * conceptCount) + k] = options.PromptStrength;
        }

        return weights;
    }

    private static float[] Priors(DemoModelOptions options) =>
        [.. DemoConceptCatalog.All.Select(c => c.Shape == DemoConceptShape.Field ? options.FieldPrior : 0f)];
}

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// Writes a random-weight model with the real Stable Diffusion ONNX I/O in the conventions one
/// exporter uses (see <see cref="TinyModelOptions"/>), to test that the engine adapts to each.
/// </summary>
public static class TinyModelForge
{
    /// <summary>Writes the model into <paramref name="folder"/>; the same options give the same bytes.</summary>
    public static void Write(string folder, TinyModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HiddenSize, 1, nameof(options));
        Directory.CreateDirectory(folder);
        if (options.Sdxl)
        {
            SdxlConfigFiles.WriteModelIndex(folder, refiner: false, "PNDMScheduler", nameOrPath: null);
        }
        else
        {
            PipelineConfigFiles.WriteModelIndex(folder, options.SafetyChecker);
        }

        PipelineConfigFiles.WriteScheduler(folder, options.PredictionType);
        PipelineConfigFiles.WriteVaeDecoderConfig(folder);
        TokenizerFolder.Write(Path.Combine(folder, "tokenizer"), options.OpenClipPad);

        // One generator in a fixed order: each sub-model's weights depend only on the options.
        var weights = new TinyWeights(options.Seed);
        Save(TinyTextEncoderGraph.Build(options, weights), folder, "text_encoder", options);
        if (options.Sdxl)
        {
            TokenizerFolder.Write(Path.Combine(folder, "tokenizer_2"), openClipPad: true);
            Save(TinyTextEncoderGraph.BuildSdxlSecond(options, weights), folder, "text_encoder_2", options);
        }

        Save(TinyUnetGraph.Build(options, weights), folder, "unet", options);
        Save(TinyVaeGraphs.BuildDecoder(options, weights), folder, "vae_decoder", options);
        Save(TinyVaeGraphs.BuildEncoder(options, weights), folder, "vae_encoder", options);
        if (options.SafetyChecker)
        {
            PipelineConfigFiles.WriteFeatureExtractor(folder);
            Save(TinySafetyCheckerGraph.Build(options), folder, "safety_checker", options);
        }
    }

    private static void Save(Onnx.ModelProto model, string folder, string subModel, TinyModelOptions options) =>
        OnnxModelFile.Write(model, Path.Combine(folder, subModel, "model.onnx"), options.ExternalWeights);
}

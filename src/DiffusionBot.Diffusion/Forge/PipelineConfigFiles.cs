namespace DiffusionBot.Diffusion.Forge;

/// <summary>The JSON files around the ONNX models, as the diffusers ONNX export of SD1.5 writes them.</summary>
internal static class PipelineConfigFiles
{
    public const float VaeScalingFactor = 0.18215f;
    public const string Epsilon = "epsilon";
    public const string VPrediction = "v_prediction";

    private const string DiffusersVersion = "0.6.0";
    private const string OnnxModel = "OnnxRuntimeModel";

    public static void WriteModelIndex(string folder, bool withSafetyChecker)
    {
        ForgeJson.Write(Path.Combine(folder, "model_index.json"), json =>
        {
            json.WriteString("_class_name", "OnnxStableDiffusionPipeline");
            json.WriteString("_diffusers_version", DiffusersVersion);
            if (withSafetyChecker)
            {
                json.WritePair("feature_extractor", "transformers", "CLIPImageProcessor");
                json.WriteBoolean("requires_safety_checker", true);
                json.WritePair("safety_checker", "diffusers", OnnxModel);
            }
            else
            {
                json.WritePair("feature_extractor", null, null);
                json.WriteBoolean("requires_safety_checker", false);
                json.WritePair("safety_checker", null, null);
            }

            json.WritePair("scheduler", "diffusers", "PNDMScheduler");
            json.WritePair("text_encoder", "diffusers", OnnxModel);
            json.WritePair("tokenizer", "transformers", "CLIPTokenizer");
            json.WritePair("unet", "diffusers", OnnxModel);
            json.WritePair("vae_decoder", "diffusers", OnnxModel);
            json.WritePair("vae_encoder", "diffusers", OnnxModel);
        });
    }

    /// <summary>SD1.5's scheduler_config.json: it has no <c>timestep_spacing</c> key, so each scheduler's default applies.</summary>
    public static void WriteScheduler(string folder, string predictionType)
    {
        ForgeJson.Write(Path.Combine(folder, "scheduler", "scheduler_config.json"), json =>
        {
            json.WriteString("_class_name", "PNDMScheduler");
            json.WriteString("_diffusers_version", DiffusersVersion);
            json.WriteNumber("beta_end", 0.012);
            json.WriteString("beta_schedule", "scaled_linear");
            json.WriteNumber("beta_start", 0.00085);
            json.WriteBoolean("clip_sample", false);
            json.WriteNumber("num_train_timesteps", 1000);
            json.WriteString("prediction_type", predictionType);
            json.WriteBoolean("set_alpha_to_one", false);
            json.WriteBoolean("skip_prk_steps", true);
            json.WriteNumber("steps_offset", 1);
            json.WriteNull("trained_betas");
        });
    }

    public static void WriteVaeDecoderConfig(string folder)
    {
        ForgeJson.Write(Path.Combine(folder, "vae_decoder", "config.json"), json =>
        {
            json.WriteString("_class_name", "AutoencoderKL");
            json.WriteNumber("in_channels", 3);
            json.WriteNumber("latent_channels", 4);
            json.WriteNumber("out_channels", 3);
            json.WriteNumber("scaling_factor", 0.18215);
        });
    }

    /// <summary>The UNet's config.json as Optimum copies it from diffusers (the keys readers look at).</summary>
    public static void WriteUnetConfig(string folder, int[] blockOutChannels, int crossAttentionDim, int inChannels = 4)
    {
        ForgeJson.Write(Path.Combine(folder, "unet", "config.json"), json =>
        {
            json.WriteString("_class_name", "UNet2DConditionModel");
            json.WriteNumber("attention_head_dim", 8);
            json.WriteStartArray("block_out_channels");
            foreach (var channels in blockOutChannels)
            {
                json.WriteNumberValue(channels);
            }

            json.WriteEndArray();
            json.WriteNumber("cross_attention_dim", crossAttentionDim);
            json.WriteNumber("in_channels", inChannels);
            json.WriteNumber("layers_per_block", 2);
            json.WriteNumber("out_channels", 4);
            json.WriteNumber("sample_size", 64);
        });
    }

    /// <summary>CLIPImageProcessor settings of the SD safety checker (224² bicubic, centre crop, CLIP mean/std).</summary>
    public static void WriteFeatureExtractor(string folder)
    {
        ForgeJson.Write(Path.Combine(folder, "feature_extractor", "preprocessor_config.json"), json =>
        {
            json.WriteNumber("crop_size", 224);
            json.WriteBoolean("do_center_crop", true);
            json.WriteBoolean("do_convert_rgb", true);
            json.WriteBoolean("do_normalize", true);
            json.WriteBoolean("do_resize", true);
            json.WriteString("feature_extractor_type", "CLIPFeatureExtractor");
            WriteNumbers(json, "image_mean", [0.48145466, 0.4578275, 0.40821073]);
            WriteNumbers(json, "image_std", [0.26862954, 0.26130258, 0.27577711]);
            json.WriteNumber("resample", 3);
            json.WriteNumber("size", 224);
        });
    }

    private static void WriteNumbers(System.Text.Json.Utf8JsonWriter json, string name, double[] values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
    }
}

namespace DiffusionBot.Diffusion.Forge;

/// <summary>The JSON files of an SDXL folder as the hub checkpoints carry them and Optimum copies them.</summary>
internal static class SdxlConfigFiles
{
    /// <summary>SDXL's VAE <c>scaling_factor</c>.</summary>
    public const float VaeScalingFactor = 0.13025f;

    public const string EulerDiscrete = "EulerDiscreteScheduler";
    public const string EulerAncestral = "EulerAncestralDiscreteScheduler";
    public const string Lcm = "LCMScheduler";

    private const string DiffusersVersion = "0.19.0.dev0";

    /// <summary>
    /// <c>model_index.json</c>: the base (both encoders, <c>force_zeros_for_empty_prompt</c> true) or the refiner
    /// (<c>text_encoder_2</c> only, <c>requires_aesthetics_score</c> true, no zeroed negative).
    /// </summary>
    public static void WriteModelIndex(string folder, bool refiner, string schedulerClass, string? nameOrPath)
    {
        ForgeJson.Write(Path.Combine(folder, "model_index.json"), json =>
        {
            json.WriteString("_class_name", refiner ? "StableDiffusionXLImg2ImgPipeline" : "StableDiffusionXLPipeline");
            json.WriteString("_diffusers_version", DiffusersVersion);
            if (nameOrPath is not null)
            {
                json.WriteString("_name_or_path", nameOrPath);
            }

            json.WriteBoolean("force_zeros_for_empty_prompt", !refiner);
            if (refiner)
            {
                json.WriteBoolean("requires_aesthetics_score", true);
            }

            json.WritePair("scheduler", "diffusers", schedulerClass);
            json.WritePair("text_encoder", refiner ? null : "transformers", refiner ? null : "CLIPTextModel");
            json.WritePair("text_encoder_2", "transformers", "CLIPTextModelWithProjection");
            json.WritePair("tokenizer", refiner ? null : "transformers", refiner ? null : "CLIPTokenizer");
            json.WritePair("tokenizer_2", "transformers", "CLIPTokenizer");
            json.WritePair("unet", "diffusers", "UNet2DConditionModel");
            json.WritePair("vae", "diffusers", "AutoencoderKL");
        });
    }

    /// <summary>SDXL base's scheduler (Euler, leading, offset 1); Turbo's is Euler a with trailing spacing.</summary>
    public static void WriteScheduler(string folder, string className, string spacing)
    {
        ForgeJson.Write(Path.Combine(folder, "scheduler", "scheduler_config.json"), json =>
        {
            json.WriteString("_class_name", className);
            json.WriteString("_diffusers_version", DiffusersVersion);
            json.WriteNumber("beta_end", 0.012);
            json.WriteString("beta_schedule", "scaled_linear");
            json.WriteNumber("beta_start", 0.00085);
            json.WriteBoolean("clip_sample", false);
            json.WriteNumber("num_train_timesteps", 1000);
            if (className == Lcm)
            {
                json.WriteNumber("original_inference_steps", 50);
            }

            json.WriteString("prediction_type", PipelineConfigFiles.Epsilon);
            json.WriteBoolean("set_alpha_to_one", false);
            json.WriteNumber("steps_offset", 1);
            json.WriteString("timestep_spacing", spacing);
            json.WriteNull("trained_betas");
        });
    }

    /// <summary>The VAE config with SDXL's scaling factor and <c>force_upcast</c> (its fp16 decoder overflows).</summary>
    public static void WriteVaeConfigs(string folder, bool forceUpcast)
    {
        foreach (var part in new[] { "vae_decoder", "vae_encoder" })
        {
            ForgeJson.Write(Path.Combine(folder, part, "config.json"), json =>
            {
                json.WriteString("_class_name", "AutoencoderKL");
                json.WriteBoolean("force_upcast", forceUpcast);
                json.WriteNumber("in_channels", 3);
                json.WriteNumber("latent_channels", 4);
                json.WriteNumber("out_channels", 3);
                json.WriteNumber("sample_size", 1024);
                json.WriteNumber("scaling_factor", VaeScalingFactor);
            });
        }
    }

    /// <summary>The UNet config keys readers look at: <c>sample_size</c> 128 (1024²) for the base, 64 for Turbo.</summary>
    public static void WriteUnetConfig(string folder, int sampleSize, int crossAttentionDim, int? timeCondProjectionDim, bool refiner)
    {
        ForgeJson.Write(Path.Combine(folder, "unet", "config.json"), json =>
        {
            json.WriteString("_class_name", "UNet2DConditionModel");
            json.WriteString("addition_embed_type", "text_time");
            json.WriteNumber("addition_time_embed_dim", 256);
            json.WriteNumber("cross_attention_dim", crossAttentionDim);
            json.WriteNumber("in_channels", 4);
            json.WriteNumber("out_channels", 4);
            json.WriteNumber("projection_class_embeddings_input_dim", refiner ? 2560 : 2816);
            json.WriteNumber("sample_size", sampleSize);
            if (timeCondProjectionDim is { } dim)
            {
                json.WriteNumber("time_cond_proj_dim", dim);
            }
        });
    }
}

using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

internal static class TestConfigs
{
    // SD1.5's scheduler_config.json as written by diffusers 0.6.0: no timestep_spacing key.
    public const string StableDiffusion15Json = """
        {
          "_class_name": "PNDMScheduler",
          "_diffusers_version": "0.6.0",
          "beta_end": 0.012,
          "beta_schedule": "scaled_linear",
          "beta_start": 0.00085,
          "num_train_timesteps": 1000,
          "set_alpha_to_one": false,
          "skip_prk_steps": true,
          "steps_offset": 1,
          "trained_betas": null,
          "clip_sample": false
        }
        """;

    public static SchedulerConfig StableDiffusion15 { get; } = SchedulerConfig.Parse(StableDiffusion15Json);

    public static SchedulerConfig WithSpacing(string spacing) => StableDiffusion15 with { TimestepSpacing = spacing };
}

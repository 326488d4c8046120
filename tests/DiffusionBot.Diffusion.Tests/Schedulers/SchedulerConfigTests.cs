using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Schedulers;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

public sealed class SchedulerConfigTests
{
    [Fact]
    public void Parse_ReadsStableDiffusion15_WhenConfigIsTheHubOne()
    {
        var config = SchedulerConfig.Parse(TestConfigs.StableDiffusion15Json);

        Assert.Equal("PNDMScheduler", config.ClassName);
        Assert.Equal(1000, config.NumTrainTimesteps);
        Assert.Equal(0.00085f, config.BetaStart);
        Assert.Equal(0.012f, config.BetaEnd);
        Assert.Equal("scaled_linear", config.BetaSchedule);
        Assert.Equal("epsilon", config.PredictionType);
        Assert.Null(config.TimestepSpacing);
        Assert.Equal(1, config.StepsOffset);
        Assert.False(config.SetAlphaToOne);
        Assert.True(config.SkipPrkSteps);
        Assert.False(config.ClipSample);
    }

    [Fact]
    public void Parse_ReadsSamplerKeys_WhenPresent()
    {
        var config = SchedulerConfig.Parse("""
            {"_class_name": "LCMScheduler", "prediction_type": "v_prediction", "timestep_spacing": "trailing",
             "use_karras_sigmas": true, "original_inference_steps": 40, "timestep_scaling": 5.0,
             "final_sigmas_type": "sigma_min", "lower_order_final": false, "clip_sample_range": 1.5}
            """);

        Assert.True(config.IsVPrediction);
        Assert.Equal("trailing", config.TimestepSpacing);
        Assert.True(config.UseKarrasSigmas);
        Assert.Equal(40, config.OriginalInferenceSteps);
        Assert.Equal(5f, config.TimestepScaling);
        Assert.Equal("sigma_min", config.FinalSigmasType);
        Assert.False(config.LowerOrderFinal);
        Assert.Equal(1.5f, config.ClipSampleRange);
    }

    [Fact]
    public void Parse_LogsUnknownKeysOnce_WhenConfigHasThem()
    {
        var logger = new CapturingLogger();

        var config = SchedulerConfig.Parse("""{"_class_name": "DDIMScheduler", "mystery": 1, "other": "x", "thresholding": false}""", logger);

        Assert.Equal("DDIMScheduler", config.ClassName);
        var warning = Assert.Single(logger.Messages);
        Assert.Contains("mystery", warning);
        Assert.Contains("other", warning);
        Assert.DoesNotContain("thresholding", warning);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1, 2]")]
    [InlineData("""{"num_train_timesteps": "many"}""")]
    [InlineData("""{"beta_schedule": "squaredcos_cap_v2"}""")]
    [InlineData("""{"prediction_type": "sample"}""")]
    [InlineData("""{"timestep_spacing": "sideways"}""")]
    public void Parse_ThrowsModelFolderException_WhenConfigIsMalformedOrUnsupported(string json)
    {
        var error = Assert.Throws<ModelFolderException>(() => SchedulerConfig.Parse(json));

        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("""{"trained_betas": [0.1, 0.2]}""", "trained_betas")]
    [InlineData("""{"thresholding": true}""", "thresholding")]
    [InlineData("""{"rescale_betas_zero_snr": true}""", "rescale_betas_zero_snr")]
    [InlineData("""{"timestep_type": "continuous"}""", "timestep_type")]
    [InlineData("""{"sigma_min": 0.002}""", "sigma_min")]
    [InlineData("""{"sigma_max": 80.0}""", "sigma_max")]
    [InlineData("""{"use_exponential_sigmas": true}""", "use_exponential_sigmas")]
    [InlineData("""{"use_beta_sigmas": true}""", "use_beta_sigmas")]
    [InlineData("""{"interpolation_type": "log_linear"}""", "interpolation_type")]
    [InlineData("""{"algorithm_type": "sde-dpmsolver++"}""", "algorithm_type")]
    [InlineData("""{"solver_order": 3}""", "solver_order")]
    [InlineData("""{"solver_type": "heun"}""", "solver_type")]
    [InlineData("""{"use_lu_lambdas": true}""", "use_lu_lambdas")]
    [InlineData("""{"variance_type": "learned_range"}""", "variance_type")]
    [InlineData("""{"_class_name": "PNDMScheduler", "skip_prk_steps": false}""", "skip_prk_steps")]
    public void Parse_RefusesNamingTheKey_WhenAKeyChangesTheMathsBeyondWhatIsImplemented(string json, string key)
    {
        var error = Assert.Throws<ModelFolderException>(() => SchedulerConfig.Parse(json));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    // The no-op values diffusers writes into real configs (SD-Turbo's Euler, LCM-Dreamshaper's LCM, a DPM++ 2M export).
    [Fact]
    public void Parse_Accepts_WhenMathKeysHoldTheirNoOpValues()
    {
        var config = SchedulerConfig.Parse("""
            {"_class_name": "EulerDiscreteScheduler", "trained_betas": null, "thresholding": false, "rescale_betas_zero_snr": false,
             "timestep_type": "discrete", "interpolation_type": "linear", "sigma_min": null, "sigma_max": null,
             "use_exponential_sigmas": false, "use_beta_sigmas": false, "algorithm_type": "dpmsolver++", "solver_order": 2,
             "solver_type": "midpoint", "use_lu_lambdas": false, "variance_type": null, "dynamic_thresholding_ratio": 0.995,
             "sample_max_value": 1.0}
            """);

        Assert.Equal("EulerDiscreteScheduler", config.ClassName);
    }

    // diffusers saves DPM-Solver's default lambda_min_clipped = -inf with Python's json, as a bare -Infinity literal.
    [Fact]
    public void Parse_Accepts_WhenPythonWroteLambdaMinClippedAsMinusInfinity()
    {
        var config = SchedulerConfig.Parse("""{"_class_name": "DPMSolverMultistepScheduler", "lambda_min_clipped": -Infinity, "algorithm_type": "dpmsolver++", "note": "Infinity and NaN stay text here"}""");

        Assert.Equal("DPMSolverMultistepScheduler", config.ClassName);
    }

    [Theory]
    [InlineData("""{"lambda_min_clipped": -5.1}""")]
    [InlineData("""{"lambda_min_clipped": NaN}""")]
    public void Parse_RefusesLambdaMinClipped_WhenItClips(string json) =>
        Assert.Contains("lambda_min_clipped", Assert.Throws<ModelFolderException>(() => SchedulerConfig.Parse(json)).Message, StringComparison.Ordinal);

    [Fact]
    public void Load_NamesTheFile_WhenJsonIsMalformed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"scheduler_config_{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"beta_start\": ");
        try
        {
            var error = Assert.Throws<ModelFolderException>(() => SchedulerConfig.Load(path));

            Assert.Equal(path, error.File);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_ReadsTheFile_WhenItExists()
    {
        var path = Path.Combine(Path.GetTempPath(), $"scheduler_config_{Guid.NewGuid():N}.json");
        File.WriteAllText(path, TestConfigs.StableDiffusion15Json);
        try
        {
            Assert.Equal(TestConfigs.StableDiffusion15, SchedulerConfig.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class CapturingLogger : ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Assert.Equal(LogLevel.Warning, logLevel);
            Messages.Add(formatter(state, exception));
        }
    }
}

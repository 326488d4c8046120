using DiffusionBot.Diffusion.Device;

namespace DiffusionBot.Diffusion.Tests.Device;

public sealed class CudaOptionsTests
{
    [Fact]
    public void ProviderOptions_SetsEveryKeyDeliberately_AndCudaGraphsOnlyForTheUnet()
    {
        var options = new CudaOptions { EnableCudaGraph = true, MemoryLimitMB = 1024 };

        var unet = options.ProviderOptions(deviceId: 1, isUnet: true);
        var vae = options.ProviderOptions(deviceId: 1, isUnet: false);

        Assert.Equal("1", unet["device_id"]);
        Assert.Equal("HEURISTIC", unet["cudnn_conv_algo_search"]);
        Assert.Equal("kSameAsRequested", unet["arena_extend_strategy"]);
        Assert.Equal("1", unet["do_copy_in_default_stream"]);
        Assert.Equal("1", unet["cudnn_conv_use_max_workspace"]);
        Assert.Equal("0", unet["prefer_nhwc"]);
        Assert.Equal("1073741824", unet["gpu_mem_limit"]);
        Assert.Equal("1", unet["enable_cuda_graph"]);
        Assert.Equal("0", vae["enable_cuda_graph"]);
    }

    [Fact]
    public void Validate_CollectsEveryBadKey_WithItsConfigurationPath()
    {
        var options = new EngineOptions { Device = "cpu", Cuda = new CudaOptions { ConvAlgoSearch = "FASTEST", ArenaExtendStrategy = "double", EnableCudaGraph = true } };

        var result = new CudaOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, f => f.Contains("ConvAlgoSearch", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("ArenaExtendStrategy", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Diffusion:Cuda:EnableCudaGraph needs Diffusion:Device cuda or auto", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Succeeds_ForTheDefaults()
    {
        Assert.True(new CudaOptionsValidator().Validate(null, new EngineOptions()).Succeeded);
    }
}

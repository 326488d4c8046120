using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace DiffusionBot.Diffusion.Device;

/// <summary>The <c>Diffusion:Cuda</c> section: CUDA execution provider options, set deliberately rather than left to ORT's defaults.</summary>
public sealed class CudaOptions
{
    public const string DefaultConvAlgoSearch = "HEURISTIC";
    public const string DefaultArenaExtendStrategy = "kSameAsRequested";

    /// <summary><c>EXHAUSTIVE</c>, <c>HEURISTIC</c> or <c>DEFAULT</c> (ORT's <c>cudnn_conv_algo_search</c>).</summary>
    /// <remarks>
    /// ORT defaults to EXHAUSTIVE, which benchmarks every convolution on the first run of each new shape: seconds per
    /// new image size, paid by whichever user asks first. HEURISTIC picks from cuDNN's heuristics at no such cost.
    /// </remarks>
    [RegularExpression("^(EXHAUSTIVE|HEURISTIC|DEFAULT)$")]
    public string ConvAlgoSearch { get; set; } = DefaultConvAlgoSearch;

    /// <summary><c>kSameAsRequested</c> or <c>kNextPowerOfTwo</c> (ORT's <c>arena_extend_strategy</c>).</summary>
    /// <remarks>Power-of-two growth can nearly double a large model's footprint; several resident models need the tighter fit.</remarks>
    [RegularExpression("^(kSameAsRequested|kNextPowerOfTwo)$")]
    public string ArenaExtendStrategy { get; set; } = DefaultArenaExtendStrategy;

    /// <summary>ORT's <c>do_copy_in_default_stream</c>.</summary>
    /// <remarks>Kept on (ORT's default): copies and kernels on one stream need no extra synchronisation.</remarks>
    public bool CopyInDefaultStream { get; set; } = true;

    /// <summary>ORT's <c>cudnn_conv_use_max_workspace</c>; fp16 convolutions need the large workspace to reach their fast kernels.</summary>
    public bool ConvUseMaxWorkspace { get; set; } = true;

    /// <summary>Captures the UNet as a CUDA graph (ORT's <c>enable_cuda_graph</c>), replayed on later runs.</summary>
    /// <remarks>
    /// Off by default: a captured graph is valid for one set of input shapes and addresses only, so it suits a
    /// deployment that serves one size and batch. The UNet's inputs stay at fixed device addresses for it.
    /// </remarks>
    public bool EnableCudaGraph { get; set; }

    /// <summary>ORT's <c>prefer_nhwc</c>: NHWC convolution kernels where the build has them.</summary>
    public bool PreferNhwc { get; set; }

    /// <summary>Cap of the CUDA arena in MiB (ORT's <c>gpu_mem_limit</c>); 0 means no cap.</summary>
    [Range(0, 1 << 22)]
    public int MemoryLimitMB { get; set; }

    /// <summary>The provider option strings for one session; CUDA graphs only for the UNet.</summary>
    public Dictionary<string, string> ProviderOptions(int deviceId, bool isUnet)
    {
        var options = new Dictionary<string, string>
        {
            ["device_id"] = deviceId.ToString(CultureInfo.InvariantCulture),
            ["cudnn_conv_algo_search"] = ConvAlgoSearch,
            ["arena_extend_strategy"] = ArenaExtendStrategy,
            ["do_copy_in_default_stream"] = Flag(CopyInDefaultStream),
            ["cudnn_conv_use_max_workspace"] = Flag(ConvUseMaxWorkspace),
            ["enable_cuda_graph"] = Flag(EnableCudaGraph && isUnet),
            ["prefer_nhwc"] = Flag(PreferNhwc),
        };
        if (MemoryLimitMB > 0)
        {
            options["gpu_mem_limit"] = (MemoryLimitMB * 1024L * 1024L).ToString(CultureInfo.InvariantCulture);
        }

        return options;
    }

    private static string Flag(bool value) => value ? "1" : "0";
}

using System.ComponentModel.DataAnnotations;

namespace DiffusionBot.Diffusion;

/// <summary>
/// The <c>Diffusion:Cpu</c> section: ONNX Runtime's CPU threading, tuned for a host that other
/// processes share. By default every session of every model runs on one process-wide pool of
/// intra-op threads (one per physical core), with one inter-op thread and no spinning between runs.
/// </summary>
public sealed class CpuOptions
{
    public const int PhysicalCores = 0;
    public const int MaxThreads = 1024;

    /// <summary>Intra-op threads of the shared pool; 0 means one per physical core.</summary>
    [Range(PhysicalCores, MaxThreads)]
    public int IntraOpThreads { get; set; } = PhysicalCores;

    /// <summary>Lets idle pool threads spin (lower latency, but they burn CPU that other processes could use).</summary>
    public bool AllowSpinning { get; set; }

    /// <summary>
    /// Skips ONNX Runtime's pre-packed copies of MatMul and convolution weights (<c>session.disable_prepacking</c>): less
    /// memory for a model that barely fits (full-size SDXL in fp32 on a 24 GiB host), slower CPU matrix products.
    /// </summary>
    public bool DisablePrepacking { get; set; }

    /// <summary>Leaves every threading setting at ONNX Runtime's defaults (a pool per session); for comparison.</summary>
    public bool OrtDefaults { get; set; }

    /// <summary>The intra-op thread count to use: <see cref="IntraOpThreads"/>, or the physical cores when it is 0.</summary>
    public int ResolvedIntraOpThreads() => IntraOpThreads == PhysicalCores ? PhysicalCoreCount.Get() : IntraOpThreads;

    /// <summary>Throws naming the configuration key when a value is out of range.</summary>
    public void Validate()
    {
        if (IntraOpThreads is < PhysicalCores or > MaxThreads)
        {
            throw new ArgumentException(
                $"{EngineOptions.SectionName}:Cpu:{nameof(IntraOpThreads)} must be between 0 (one per physical core) and {MaxThreads}, not {IntraOpThreads}.");
        }
    }
}

using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Residency;

/// <summary>One loaded model: its pipeline, its weight bytes, open leases and when it was last used.</summary>
internal sealed class ResidentModel(string name, StableDiffusionModel model, DiffusionPipeline pipeline, long bytes)
{
    public string Name { get; } = name;

    public StableDiffusionModel Model { get; } = model;

    public DiffusionPipeline Pipeline { get; } = pipeline;

    public long Bytes { get; } = bytes;

    public int Leases { get; set; }

    public long LastUsed { get; set; }
}

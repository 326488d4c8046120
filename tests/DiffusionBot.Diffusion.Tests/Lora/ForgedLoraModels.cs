using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Tests.Forge;

namespace DiffusionBot.Diffusion.Tests.Lora;

/// <summary>The width/4 SD 1.5 architecture with Forge's kohya and PEFT LoRAs, and the same model with the deltas baked in.</summary>
public sealed class ForgedLoraModels : IDisposable
{
    private readonly TempModelFolder _folder = new();

    public ForgedLoraModels() => Sd15LoraForge.Write(Model, Baked, widthDivisor: 4);

    public string Root => _folder.Path;

    public string Model => Path.Combine(_folder.Path, "sd15-w4");

    public string Baked => Path.Combine(_folder.Path, "sd15-w4-baked");

    public string Lora(string name) => Path.Combine(Model, "loras", name + ".safetensors");

    public void Dispose() => _folder.Dispose();
}

namespace DiffusionBot.Diffusion.Tests.Forge;

internal sealed class TempModelFolder : IDisposable
{
    public TempModelFolder() =>
        Path = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "forge-" + Guid.NewGuid().ToString("N"))).FullName;

    public string Path { get; }

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

namespace DiffusionBot.Diffusion.Tests.Forge;

/// <summary>A real architecture forged once into a scratch folder and shared by one test class; its parts read back as graphs.</summary>
public abstract class ForgedArchitecture : IDisposable
{
    private readonly TempModelFolder _folder = new();

    protected ForgedArchitecture(string name, Action<string> write)
    {
        Name = name;
        write(Path.Combine(_folder.Path, name));
    }

    public string Name { get; }

    public string Root => _folder.Path;

    public Onnx.ModelProto Load(string part)
    {
        using var stream = File.OpenRead(Path.Combine(Root, Name, part, "model.onnx"));
        return Onnx.ModelProto.Parser.ParseFrom(stream);
    }

    public static long[] Dims(Onnx.ModelProto model, string initializer) =>
        [.. model.Graph.Initializer.Single(t => t.Name == initializer).Dims];

    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }
}

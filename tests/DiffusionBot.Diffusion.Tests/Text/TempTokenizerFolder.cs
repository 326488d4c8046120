namespace DiffusionBot.Diffusion.Tests.Text;

/// <summary>A throw-away copy of the fixture CLIP tokenizer folder that a test may edit.</summary>
internal sealed class TempTokenizerFolder : IDisposable
{
    public static readonly string FixtureDir = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "clip-vocab");

    public TempTokenizerFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "clip-tokenizer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        foreach (var name in new[] { "vocab.json", "merges.txt" })
        {
            File.Copy(System.IO.Path.Combine(FixtureDir, name), System.IO.Path.Combine(Path, name));
        }
    }

    public string Path { get; }

    public TempTokenizerFolder With(string name, string content)
    {
        File.WriteAllText(System.IO.Path.Combine(Path, name), content);
        return this;
    }

    public TempTokenizerFolder Without(string name)
    {
        File.Delete(System.IO.Path.Combine(Path, name));
        return this;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

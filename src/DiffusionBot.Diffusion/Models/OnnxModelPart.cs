using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Models;

/// <summary>One sub-model of a folder (text_encoder, unet, …): its session and what it declares.</summary>
public sealed class OnnxModelPart : IDisposable
{
    private OnnxModelPart(string path, InferenceSession session)
    {
        Path = path;
        Session = session;
        Inputs = session.InputMetadata.ToDictionary(p => p.Key, p => TensorSpec.From(p.Key, p.Value));
        Outputs = session.OutputMetadata.ToDictionary(p => p.Key, p => TensorSpec.From(p.Key, p.Value));
    }

    public string Path { get; }

    public InferenceSession Session { get; }

    public IReadOnlyDictionary<string, TensorSpec> Inputs { get; }

    public IReadOnlyDictionary<string, TensorSpec> Outputs { get; }

    public static OnnxModelPart Open(string folder, string partName, ISessionFactory sessions)
    {
        var path = System.IO.Path.Combine(folder, partName, "model.onnx");
        if (!File.Exists(path))
        {
            throw new ModelFolderException(path, "is missing; every model folder needs it (diffusers/Optimum ONNX layout).");
        }

        try
        {
            return new OnnxModelPart(path, sessions.Open(path));
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelFolderException(path, $"ONNX Runtime cannot load it ({ErrorText.FirstLine(e.Message)}); the file or its external weights are corrupt or incomplete.", e);
        }
    }

    public TensorSpec Input(string name) => Inputs.TryGetValue(name, out var spec)
        ? spec
        : throw new ModelFolderException(Path, $"has no input named '{name}' (it declares {string.Join(", ", Inputs.Keys)}).");

    public TensorSpec Output(string name) => Outputs.TryGetValue(name, out var spec)
        ? spec
        : throw new ModelFolderException(Path, $"has no output named '{name}' (it declares {string.Join(", ", Outputs.Keys)}).");

    public TensorSpec? OptionalInput(string name) => Inputs.GetValueOrDefault(name);

    public TensorSpec? OptionalOutput(string name) => Outputs.GetValueOrDefault(name);

    /// <summary>The first output of <paramref name="names"/> the model declares.</summary>
    public TensorSpec FirstOutput(params string[] names)
    {
        foreach (var name in names)
        {
            if (Outputs.TryGetValue(name, out var spec))
            {
                return spec;
            }
        }

        throw new ModelFolderException(Path, $"declares none of the outputs {string.Join(", ", names)} (it declares {string.Join(", ", Outputs.Keys)}).");
    }

    public string Describe() =>
        $"in: {string.Join("; ", Inputs.Values)} | out: {string.Join("; ", Outputs.Values)}";

    public void Dispose() => Session.Dispose();

}

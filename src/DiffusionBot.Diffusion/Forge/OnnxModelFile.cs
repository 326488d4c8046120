using Google.Protobuf;
using Onnx;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>Writes a model either self-contained or, Optimum style, with its weights in <c>model.onnx_data</c>.</summary>
internal static class OnnxModelFile
{
    public const string ExternalDataSuffix = "_data";

    public static void Write(ModelProto model, string path, bool externalWeights = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (externalWeights)
        {
            MoveWeightsOut(model.Graph, path + ExternalDataSuffix);
        }

        File.WriteAllBytes(path, model.ToByteArray());
    }

    private static void MoveWeightsOut(GraphProto graph, string dataPath)
    {
        var location = Path.GetFileName(dataPath);
        using var data = File.Create(dataPath);
        foreach (var tensor in graph.Initializer)
        {
            if (tensor.RawData.Length == 0)
            {
                continue;
            }

            var offset = data.Position;
            tensor.RawData.WriteTo(data);
            tensor.ExternalData.Add(Entry("location", location));
            tensor.ExternalData.Add(Entry("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            tensor.ExternalData.Add(Entry("length", tensor.RawData.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            tensor.DataLocation = TensorProto.Types.DataLocation.External;
            tensor.RawData = ByteString.Empty;
        }
    }

    private static StringStringEntryProto Entry(string key, string value) => new() { Key = key, Value = value };
}

using Google.Protobuf;
using Onnx;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>Writes a model either self-contained or, Optimum style, with its weights in <c>model.onnx_data</c>.</summary>
internal static class OnnxModelFile
{
    public const string ExternalDataSuffix = "_data";

    /// <summary>
    /// onnx.save's default <c>size_threshold</c>: smaller tensors stay inline, which shape inference
    /// needs for the shapes and scales that Reshape and Resize read from initializers.
    /// </summary>
    public const int ExternalDataThreshold = 1024;

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
        var large = graph.Initializer.Where(t => t.RawData.Length >= ExternalDataThreshold).ToList();
        if (large.Count == 0)
        {
            return;
        }

        using var data = File.Create(dataPath);
        foreach (var tensor in large)
        {
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

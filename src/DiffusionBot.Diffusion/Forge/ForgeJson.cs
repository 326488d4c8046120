using System.Text.Json;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>Writes one JSON object with a fixed layout ("\n" line ends), so forged folders are byte-stable.</summary>
internal static class ForgeJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, NewLine = "\n" };

    public static void Write(string path, Action<Utf8JsonWriter> writeProperties)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, Options);
        writer.WriteStartObject();
        writeProperties(writer);
        writer.WriteEndObject();
        writer.Flush();
        stream.WriteByte((byte)'\n');
    }

    public static void WritePair(this Utf8JsonWriter writer, string name, string? library, string? className)
    {
        writer.WriteStartArray(name);
        WriteNullable(writer, library);
        WriteNullable(writer, className);
        writer.WriteEndArray();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}

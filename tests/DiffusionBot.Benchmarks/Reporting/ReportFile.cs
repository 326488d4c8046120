using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace DiffusionBot.Benchmarks.Reporting;

/// <summary>Writes a benchmark's JSON report, indented, with its arrows and quotes left readable.</summary>
internal static class ReportFile
{
    public static void Write<TReport>(TReport report, JsonTypeInfo<TReport> type, string path)
    {
        using var file = File.Create(path);
        using var writer = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        JsonSerializer.Serialize(writer, report, type);
    }
}

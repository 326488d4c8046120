using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>Snowflakes travel as JSON strings (they exceed 2^53); numbers are accepted on read too.</summary>
internal sealed class SnowflakeConverter : JsonConverter<ulong>
{
    public override ulong Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetUInt64();
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a snowflake string, got {reader.TokenType}.");
        }

        ReadOnlySpan<byte> span = reader.HasValueSequence ? BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;
        return Utf8Parser.TryParse(span, out ulong value, out var consumed) && consumed == span.Length
            ? value
            : throw new JsonException("Invalid snowflake.");
    }

    public override void Write(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options)
    {
        Span<byte> buffer = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, buffer, out var written);
        writer.WriteStringValue(buffer[..written]);
    }
}

using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>Writes float tensors as a safetensors file, in F32 or F16 (Forge's LoRAs and embeddings).</summary>
public static class SafetensorsWriter
{
    public static void Write(string path, IEnumerable<SafetensorsTensor> tensors, bool half = false)
    {
        var list = tensors.ToList();
        var size = half ? 2 : 4;
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            long offset = 0;
            foreach (var tensor in list)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", half ? "F16" : "F32");
                json.WriteStartArray("shape");
                foreach (var d in tensor.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += tensor.Values.Length * size;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        // The format pads the header with spaces to a multiple of 8 bytes.
        var headerBytes = header.ToArray();
        var padded = (headerBytes.Length + 7) / 8 * 8;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        file.Write(length);
        file.Write(headerBytes);
        file.Write(Encoding.ASCII.GetBytes(new string(' ', padded - headerBytes.Length)));
        var buffer = new byte[size];
        foreach (var tensor in list)
        {
            foreach (var value in tensor.Values)
            {
                if (half)
                {
                    BinaryPrimitives.WriteHalfLittleEndian(buffer, (Half)value);
                }
                else
                {
                    BinaryPrimitives.WriteSingleLittleEndian(buffer, value);
                }

                file.Write(buffer);
            }
        }
    }
}

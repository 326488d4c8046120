using System.Buffers.Binary;
using System.Text.Json;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a JSON header mapping each tensor
/// name to its dtype, shape and byte range, then the raw little-endian tensor bytes. Nothing else is
/// read: pickled checkpoints (<c>.pt</c>, <c>.ckpt</c>, <c>.bin</c>) can run code when loaded, so they are refused.
/// </summary>
public static class SafetensorsFile
{
    public const string Extension = ".safetensors";

    /// <summary>The reference implementation's limit on the header (100 MB).</summary>
    private const long MaxHeaderBytes = 100_000_000;

    private static readonly string[] PickleExtensions = [".pt", ".pth", ".ckpt", ".bin"];

    /// <summary>Reads every tensor of <paramref name="path"/>; a one-line <see cref="LoraException"/> for anything else.</summary>
    public static IReadOnlyDictionary<string, SafetensorsTensor> Read(string path) => Read(path, out _);

    /// <summary>
    /// As <see cref="Read(string)"/>, with the hash A1111 records for a LoRA: the first 12 hex digits
    /// of the SHA-256 of the tensor bytes after the header (sd-scripts' <c>addnet_hash_safetensors</c>,
    /// which A1111 uses for .safetensors, so metadata edits do not change it).
    /// </summary>
    public static IReadOnlyDictionary<string, SafetensorsTensor> Read(string path, out string shortHash)
    {
        var name = Path.GetFileName(path);
        if (PickleExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
        {
            throw new LoraException($"{name} is a pickled PyTorch file, which can run code when loaded; convert it to .safetensors.");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 2 && (bytes[0] == 0x80 || (bytes[0] == (byte)'P' && bytes[1] == (byte)'K')))
        {
            throw new LoraException($"{name} holds a pickle or zip archive, which can run code when loaded; only .safetensors is read.");
        }

        if (bytes.Length < 8)
        {
            throw new LoraException($"{name} is not a safetensors file (shorter than its 8-byte header length).");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > bytes.Length - 8 || headerLength < 2)
        {
            throw new LoraException($"{name} is not a safetensors file (header length {headerLength} does not fit the file).");
        }

        var dataStart = 8 + (int)headerLength;
        var data = bytes.AsMemory(dataStart);
        shortHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data.Span))[..12];
        var tensors = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        try
        {
            using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
            if (header.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new LoraException($"{name} is not a safetensors file (its header is not a JSON object).");
            }

            foreach (var entry in header.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                {
                    continue;
                }

                tensors[entry.Name] = ReadTensor(name, entry, data.Span);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new LoraException($"{name} is not a safetensors file (its JSON header is malformed).", e);
        }

        return tensors;
    }

    private static SafetensorsTensor ReadTensor(string file, JsonProperty entry, ReadOnlySpan<byte> data)
    {
        var dtype = entry.Value.GetProperty("dtype").GetString();
        var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var size = dtype switch
        {
            "F32" => 4,
            "F16" or "BF16" => 2,
            _ => throw new LoraException($"{file}: tensor '{entry.Name}' is {dtype}; only F32, F16 and BF16 are read."),
        };
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] > data.Length || offsets[1] - offsets[0] != count * size || shape.Any(d => d < 0))
        {
            throw new LoraException($"{file}: tensor '{entry.Name}' has a byte range that does not match its shape or the file.");
        }

        var raw = data.Slice((int)offsets[0], (int)(offsets[1] - offsets[0]));
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = dtype switch
            {
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]),
                "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(raw[(i * 2)..]),
                _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(raw[(i * 2)..]) << 16),
            };
        }

        return new SafetensorsTensor(entry.Name, shape, values);
    }
}

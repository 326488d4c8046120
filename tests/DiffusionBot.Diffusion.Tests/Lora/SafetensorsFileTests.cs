using System.Buffers.Binary;
using System.Text;
using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Tests.Forge;

namespace DiffusionBot.Diffusion.Tests.Lora;

public sealed class SafetensorsFileTests
{
    [Fact]
    public void Read_WidensF32F16AndBf16()
    {
        using var folder = new TempModelFolder();
        var path = folder.File("mixed.safetensors");
        var data = new List<byte>();
        data.AddRange(BitConverter.GetBytes(1.5f));
        data.AddRange(BitConverter.GetBytes(BitConverter.HalfToUInt16Bits((Half)(-2.25f))));
        data.AddRange(BitConverter.GetBytes((ushort)(BitConverter.SingleToInt32Bits(3.5f) >> 16)));
        Write(path, """{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F16","shape":[1],"data_offsets":[4,6]},"c":{"dtype":"BF16","shape":[1],"data_offsets":[6,8]}}""", [.. data]);

        var tensors = SafetensorsFile.Read(path);

        Assert.Equal([1.5f], tensors["a"].Values);
        Assert.Equal([-2.25f], tensors["b"].Values);
        Assert.Equal([3.5f], tensors["c"].Values);
    }

    [Theory]
    [InlineData("style.ckpt")]
    [InlineData("style.pt")]
    [InlineData("pytorch_lora_weights.bin")]
    public void Read_RefusesPickles_ByExtension(string file)
    {
        using var folder = new TempModelFolder();
        File.WriteAllBytes(folder.File(file), [0x80, 0x02, 0x7D]);

        var error = Assert.Throws<LoraException>(() => SafetensorsFile.Read(folder.File(file)));

        Assert.Contains("pickled", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Read_RefusesAPickleRenamedToSafetensors()
    {
        using var folder = new TempModelFolder();
        File.WriteAllBytes(folder.File("renamed.safetensors"), [(byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0, 0, 0]);

        var error = Assert.Throws<LoraException>(() => SafetensorsFile.Read(folder.File("renamed.safetensors")));

        Assert.Contains("pickle", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}""", "I64")]
    [InlineData("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,8]}}""", "byte range")]
    [InlineData("""[1,2]""", "JSON object")]
    public void Read_RefusesWhatIsNotFloatSafetensors(string header, string expected)
    {
        using var folder = new TempModelFolder();
        Write(folder.File("bad.safetensors"), header, new byte[8]);

        var error = Assert.Throws<LoraException>(() => SafetensorsFile.Read(folder.File("bad.safetensors")));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_RoundTrips()
    {
        using var folder = new TempModelFolder();
        SafetensorsWriter.Write(folder.File("w.safetensors"), [new SafetensorsTensor("x", [2, 2], [1f, -2f, 0.5f, 8f])], half: true);

        Assert.Equal([1f, -2f, 0.5f, 8f], SafetensorsFile.Read(folder.File("w.safetensors"))["x"].Values);
    }

    private static void Write(string path, string header, byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
        File.WriteAllBytes(path, [.. length, .. json, .. data]);
    }
}

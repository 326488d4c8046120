using System.Text;

namespace DiffusionBot.Diffusion.Text;

/// <summary>
/// GPT-2's <c>bytes_to_unicode</c>: every byte maps to a printable character, so BPE runs on
/// strings without whitespace or control characters and any UTF-8 input has a spelling.
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] ByteToChar = BuildMap();

    /// <summary>The UTF-8 bytes of <paramref name="text"/>, each written as its mapped character.</summary>
    public static string Encode(ReadOnlySpan<char> text)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        Span<byte> bytes = byteCount <= 256 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(text, bytes);

        var chars = new char[byteCount];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = ByteToChar[bytes[i]];
        }

        return new string(chars);
    }

    private static char[] BuildMap()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            // Printable Latin-1 bytes keep their own code point; the rest are moved above 255 in order.
            var printable = b is >= '!' and <= '~' or >= '¡' and <= '¬' or >= '®' and <= 'ÿ';
            map[b] = printable ? (char)b : (char)next++;
        }

        return map;
    }
}

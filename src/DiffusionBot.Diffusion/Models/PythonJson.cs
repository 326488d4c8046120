using System.Text;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// Python's <c>json.dumps</c> writes non-finite floats as bare <c>-Infinity</c>, <c>Infinity</c> and <c>NaN</c>, which
/// strict JSON parsers refuse; diffusers' configs carry them (DPM-Solver's <c>"lambda_min_clipped": -Infinity</c>).
/// This quotes them, outside strings, so the config parses and each key's reader decides what the value means.
/// </summary>
internal static class PythonJson
{
    private static readonly string[] Literals = ["-Infinity", "Infinity", "NaN"];

    public static string QuoteNonFiniteLiterals(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!json.Contains("Infinity", StringComparison.Ordinal) && !json.Contains("NaN", StringComparison.Ordinal))
        {
            return json;
        }

        var result = new StringBuilder(json.Length + 8);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                result.Append(c);
                if (c == '\\' && i + 1 < json.Length)
                {
                    result.Append(json[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '"')
            {
                inString = true;
                result.Append(c);
                continue;
            }

            var literal = Array.Find(Literals, l => string.CompareOrdinal(json, i, l, 0, l.Length) == 0);
            if (literal is null)
            {
                result.Append(c);
                continue;
            }

            result.Append('"').Append(literal).Append('"');
            i += literal.Length - 1;
        }

        return result.ToString();
    }
}

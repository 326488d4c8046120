using System.Text.Json;
using DiffusionBot.Diffusion.Models;

namespace DiffusionBot.Diffusion.Text;

/// <summary>
/// Builds <see cref="TokenizerSettings"/> from the optional <c>tokenizer_config.json</c> and
/// <c>special_tokens_map.json</c> of a Hugging Face tokenizer folder; tokenizer_config wins.
/// </summary>
internal static class TokenizerConfigReader
{
    public const string TokenizerConfigFile = "tokenizer_config.json";
    public const string SpecialTokensMapFile = "special_tokens_map.json";

    public static TokenizerSettings Read(string tokenizerDir)
    {
        var settings = TokenizerSettings.Default;
        settings = Apply(settings, Path.Combine(tokenizerDir, SpecialTokensMapFile), readMaxLength: false);
        return Apply(settings, Path.Combine(tokenizerDir, TokenizerConfigFile), readMaxLength: true);
    }

    private static TokenizerSettings Apply(TokenizerSettings settings, string file, bool readMaxLength)
    {
        if (!File.Exists(file))
        {
            return settings;
        }

        var name = Path.GetFileName(file);
        try
        {
            using var stream = File.OpenRead(file);
            using var document = JsonDocument.Parse(stream);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ModelFolderException(file, $"{name} is not a JSON object");
            }

            if (root.TryGetProperty("pad_token", out var pad) && ReadToken(pad, file) is { } padToken)
            {
                settings = settings with { PadToken = padToken };
            }

            if (readMaxLength && root.TryGetProperty("model_max_length", out var maxLength))
            {
                settings = settings with { MaxLength = ReadMaxLength(maxLength, file) };
            }

            return settings;
        }
        catch (JsonException e)
        {
            throw new ModelFolderException(file, $"{name} is not valid JSON", e);
        }
    }

    /// <summary>A token is written either as a string or as an AddedToken object with <c>content</c>.</summary>
    private static string? ReadToken(JsonElement token, string file)
    {
        switch (token.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                return token.GetString();
            case JsonValueKind.Object when token.TryGetProperty("content", out var content)
                                           && content.ValueKind == JsonValueKind.String:
                return content.GetString();
            default:
                throw new ModelFolderException(
                    file, $"{Path.GetFileName(file)} pad_token is neither a string nor an object with a content string");
        }
    }

    private static int ReadMaxLength(JsonElement value, string file)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number >= 2
            && number == Math.Floor(number))
        {
            // transformers writes 1e30 (VERY_LARGE_INTEGER) when a tokenizer has no limit; CLIP's
            // position embeddings still cap a prompt at 77.
            return number > int.MaxValue ? TokenizerSettings.DefaultMaxLength : (int)number;
        }

        throw new ModelFolderException(
            file, $"{Path.GetFileName(file)} model_max_length is not a whole number of at least 2");
    }
}

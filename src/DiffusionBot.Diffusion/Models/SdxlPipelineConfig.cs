using System.Text.Json;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// The SDXL keys of <c>model_index.json</c> that change what the UNet receives, with diffusers' defaults when absent:
/// <c>force_zeros_for_empty_prompt</c> (true) and <c>requires_aesthetics_score</c> (false; the refiner sets it).
/// </summary>
public sealed record SdxlPipelineConfig(bool ForceZerosForEmptyPrompt, bool? RequiresAestheticsScore)
{
    public static SdxlPipelineConfig Read(string folder)
    {
        var path = Path.Combine(folder, "model_index.json");
        try
        {
            using var json = JsonDocument.Parse(PythonJson.QuoteNonFiniteLiterals(File.ReadAllText(path)));
            var root = json.RootElement;
            return new SdxlPipelineConfig(Flag(root, "force_zeros_for_empty_prompt") ?? true, Flag(root, "requires_aesthetics_score"));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ModelFolderException(path, $"is not valid JSON with boolean SDXL flags ({ErrorText.FirstLine(e.Message)}).", e);
        }
    }

    private static bool? Flag(JsonElement root, string key) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(key, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;
}

using DiffusionBot.Diffusion.Models;

namespace DiffusionBot.Chat.Prompts;

/// <summary>
/// <c>--refine</c>: a switch without a value that runs the model's paired refiner (<c>"refiner"</c> in its
/// <c>diffusionbot.json</c>) as a second stage; a model without a pairing refuses it politely.
/// </summary>
public static class RefineSwitch
{
    internal static void Apply(PromptSpecBuilder builder, string written, string? value)
    {
        if (value is not null)
        {
            throw new PromptFlagException($"{written} takes no value (you wrote '{PromptSpecValidator.Echo(value)}'); put the description before the flags.");
        }

        builder.Claim("--refine");
        builder.Refine = true;
    }

    /// <summary>Why <paramref name="spec"/>'s <c>--refine</c> cannot run on <paramref name="model"/>; null when it can (or was not asked for).</summary>
    public static string? Refusal(PromptSpec spec, string model, ModelDefaults defaults, Func<string, bool> exists)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(exists);
        if (spec.Refine != true)
        {
            return null;
        }

        if (defaults.Refiner is not { } refiner)
        {
            return $"--refine needs a refiner paired with {model}, and it has none; ask the bot's operator to name one (\"refiner\" in the model's {ModelDefaults.FileName}), or leave --refine out.";
        }

        return exists(refiner) ? null : $"{model}'s refiner '{refiner}' is not installed, so --refine cannot run; leave --refine out, or ask the bot's operator to add it.";
    }
}

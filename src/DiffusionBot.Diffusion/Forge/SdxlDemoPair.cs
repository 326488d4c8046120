using DiffusionBot.Diffusion.Models;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// The SDXL demo base and its refiner side by side in a models folder, paired the way an operator pairs real ones:
/// the base's <c>diffusionbot.json</c> names the refiner folder and diffusers' <c>high_noise_frac</c>.
/// </summary>
public static class SdxlDemoPair
{
    public const string BaseName = "demo-xl";
    public const string RefinerName = "demo-xl-refiner";

    public static void Write(string modelsFolder, float highNoiseFraction = 0.8f)
    {
        var basePath = Path.Combine(modelsFolder, BaseName);
        SdxlDemoModelForge.Write(basePath);
        SdxlDemoModelForge.Write(Path.Combine(modelsFolder, RefinerName), SdxlDemoVariant.Refiner);
        ForgeJson.Write(Path.Combine(basePath, ModelDefaults.FileName), json =>
        {
            json.WriteString("refiner", RefinerName);
            json.WriteNumber("high_noise_frac", highNoiseFraction);
        });
    }
}

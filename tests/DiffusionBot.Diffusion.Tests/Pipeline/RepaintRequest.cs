using DiffusionBot.Diffusion.Inpainting;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>The request the inpainting tests repaint a canvas with: everything in the mask, at the canvas's size.</summary>
internal static class RepaintRequest
{
    public static GenerationRequest For(OutpaintCanvas canvas, string prompt, string sampler = "euler") => new()
    {
        Prompt = prompt,
        Seed = 5,
        Width = canvas.Width,
        Height = canvas.Height,
        InitImage = canvas.Image,
        Mask = canvas.Mask,
        Strength = 1f,
        Sampler = sampler,
    };
}

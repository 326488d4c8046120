using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>The latents a generation ends with, read from its last progress report.</summary>
internal static class FinalLatents
{
    public static (float[] Latents, int Height, int Width) Of(DiffusionPipeline pipeline, GenerationRequest request)
    {
        float[] final = [];
        var (height, width) = (0, 0);
        pipeline.Generate(request, (in DenoisingProgress p) =>
        {
            if (p.Step == p.TotalSteps)
            {
                final = p.Latents.ToArray();
                (height, width) = (p.Height, p.Width);
            }
        });
        return (final, height, width);
    }
}

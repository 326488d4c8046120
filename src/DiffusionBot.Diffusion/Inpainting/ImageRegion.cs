namespace DiffusionBot.Diffusion.Inpainting;

/// <summary>The regions Vary (Region) offers where there is no brush.</summary>
public enum ImageRegion
{
    Centre,
    LeftHalf,
    RightHalf,
    TopHalf,
    BottomHalf,
}

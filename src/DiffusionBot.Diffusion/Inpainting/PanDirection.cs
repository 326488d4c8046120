namespace DiffusionBot.Diffusion.Inpainting;

/// <summary>The side a pan grows the canvas on.</summary>
public enum PanDirection
{
    Left,
    Right,
    Up,
    Down,
}

namespace DiffusionBot.Diffusion.Inpainting;

/// <summary>An init image and its mask (white = paint) at the size the request is made, for zoom out, pan or a region.</summary>
public sealed record OutpaintCanvas(byte[] Image, byte[] Mask, int Width, int Height);

namespace DiffusionBot.Diffusion.Models;

internal readonly record struct UnetShape(int Batch, int Channels, int Height, int Width, int SequenceLength, int HiddenSize)
{
    public int LatentLength => Channels * Height * Width;
}

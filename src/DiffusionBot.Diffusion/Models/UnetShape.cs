namespace DiffusionBot.Diffusion.Models;

internal readonly record struct UnetShape(int Batch, int Channels, int Height, int Width, int SequenceLength, int HiddenSize, int PooledSize = 0, int TimeIdsSize = 0)
{
    public int LatentLength => Channels * Height * Width;
}

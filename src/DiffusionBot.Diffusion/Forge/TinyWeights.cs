namespace DiffusionBot.Diffusion.Forge;

/// <summary>Seeded uniform weights, small enough that every tiny model's outputs stay finite and bounded.</summary>
internal sealed class TinyWeights(int seed)
{
    private readonly Random _random = new(seed);

    public float[] Uniform(int count, float scale)
    {
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ((_random.NextSingle() * 2f) - 1f) * scale;
        }

        return values;
    }
}

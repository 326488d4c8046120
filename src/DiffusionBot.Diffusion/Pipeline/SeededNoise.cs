using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>
/// The documented RNG: image <c>i</c> of a batch draws from its own stream seeded with
/// <c>seeds[i]</c>. A stream is SplitMix64 → 53-bit uniform doubles → Box–Muller pairs (the cosine
/// value first, then the sine value). It is defined by this code, not by the runtime's
/// <see cref="Random"/>, so a seed gives the same noise on every .NET version and machine.
/// </summary>
public sealed class SeededNoise : INoiseSource
{
    private readonly GaussianStream[] _streams;

    public SeededNoise(IReadOnlyList<long> seeds)
    {
        _streams = new GaussianStream[seeds.Count];
        for (var i = 0; i < seeds.Count; i++)
        {
            _streams[i] = new GaussianStream(seeds[i]);
        }
    }

    /// <summary>Splits <paramref name="destination"/> into one equal part per image.</summary>
    public void FillGaussian(Span<float> destination)
    {
        var part = destination.Length / _streams.Length;
        for (var i = 0; i < _streams.Length; i++)
        {
            _streams[i].Fill(destination.Slice(i * part, part));
        }
    }

    private sealed class GaussianStream(long seed)
    {
        private ulong _state = unchecked((ulong)seed);
        private double _spare;
        private bool _hasSpare;

        public void Fill(Span<float> destination)
        {
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = (float)Next();
            }
        }

        private double Next()
        {
            if (_hasSpare)
            {
                _hasSpare = false;
                return _spare;
            }

            var u1 = 1.0 - NextUniform();
            var u2 = NextUniform();
            var radius = Math.Sqrt(-2.0 * Math.Log(u1));
            var angle = 2.0 * Math.PI * u2;
            _spare = radius * Math.Sin(angle);
            _hasSpare = true;
            return radius * Math.Cos(angle);
        }

        private double NextUniform() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        private ulong NextUInt64()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}

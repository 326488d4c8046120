namespace DiffusionBot.Discord.Tests.Gateway;

/// <summary>A <see cref="Random"/> whose <see cref="NextDouble"/> is always the same: the heartbeat's jitter, chosen by the test.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;

    protected override double Sample() => value;
}

namespace DiffusionBot.Playground.Tests;

/// <summary>The tests that share one running host; xunit runs them one after another.</summary>
[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<BotHostFixture>
{
    public const string Name = "host";
}

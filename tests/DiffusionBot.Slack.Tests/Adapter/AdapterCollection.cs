namespace DiffusionBot.Slack.Tests.Adapter;

/// <summary>The adapter tests run a real worker; they run alone so the transport tests' timings are not starved of CPU.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AdapterCollection
{
    public const string Name = "Slack adapter";
}

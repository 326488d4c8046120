namespace DiffusionBot.Discord.Tests.Adapter;

/// <summary>The end-to-end tests render images on the CPU; they run alone, so the virtual-time tests beside them stay deterministic.</summary>
[CollectionDefinition(nameof(DiscordAdapterTests), DisableParallelization = true)]
public sealed class DiscordAdapterCollection;

using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord.Hosting;

/// <summary>Checks <see cref="DiscordOptions"/>' attribute rules at startup (source-generated).</summary>
[OptionsValidator]
internal sealed partial class DiscordOptionsValidator : IValidateOptions<DiscordOptions>;

using DiffusionBot.Diffusion;
using DiffusionBot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord.Mapping;

/// <summary>Replaces the application's commands (<c>/imagine</c>, <c>/quota</c>, the Repaint message command) by bulk overwrite: on <see cref="DiscordOptions.GuildId"/> (instant) or globally.</summary>
internal sealed class CommandRegistrar(DiscordRestClient rest, IOptions<DiscordOptions> options, IOptions<EngineOptions> engine, ILogger<CommandRegistrar> logger)
{
    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var commands = new[] { ImagineCommand.Definition(engine.Value), QuotaCommand.Definition(), RepaintCommand.Definition() };
        if (options.Value.GuildId is { } guild)
        {
            var registered = await rest.BulkOverwriteGuildCommandsAsync(guild, commands, cancellationToken).ConfigureAwait(false);
            logger.CommandsRegistered(registered.Count, "guild");
        }
        else
        {
            var registered = await rest.BulkOverwriteGlobalCommandsAsync(commands, cancellationToken).ConfigureAwait(false);
            logger.CommandsRegistered(registered.Count, "global");
        }
    }
}

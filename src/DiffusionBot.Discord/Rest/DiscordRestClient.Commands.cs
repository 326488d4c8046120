using DiffusionBot.Discord.Rest.RateLimits;
using DiffusionBot.Discord.Wire;

namespace DiffusionBot.Discord.Rest;

/// <summary>Application commands: bulk overwrite replaces the whole set in one call.</summary>
internal sealed partial class DiscordRestClient
{
    /// <summary><c>PUT /applications/{application.id}/commands</c>; global commands can take a while to show up.</summary>
    public async Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGlobalCommandsAsync(
        IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken)
    {
        var app = Id(_options.ApplicationId);
        var route = new Route(HttpMethod.Put, "/applications/{application.id}/commands", app);
        return await SendAsync(route, $"/applications/{app}/commands", Json(commands, DiscordJsonContext.Default.IReadOnlyListApplicationCommand), DiscordJsonContext.Default.IReadOnlyListApplicationCommand, cancellationToken)
            .ConfigureAwait(false) ?? [];
    }

    /// <summary><c>PUT /applications/{application.id}/guilds/{guild.id}/commands</c>; takes effect at once.</summary>
    public async Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGuildCommandsAsync(
        ulong guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken)
    {
        var app = Id(_options.ApplicationId);
        var route = new Route(HttpMethod.Put, "/applications/{application.id}/guilds/{guild.id}/commands", Id(guildId));
        return await SendAsync(route, $"/applications/{app}/guilds/{Id(guildId)}/commands", Json(commands, DiscordJsonContext.Default.IReadOnlyListApplicationCommand), DiscordJsonContext.Default.IReadOnlyListApplicationCommand, cancellationToken)
            .ConfigureAwait(false) ?? [];
    }
}

using DiffusionBot.Discord.Rest.RateLimits;
using DiffusionBot.Discord.Wire;

namespace DiffusionBot.Discord.Rest;

/// <summary>Messages, reactions and threads (the "Message" and "Channel" doc sections).</summary>
internal sealed partial class DiscordRestClient
{
    /// <summary><c>POST /channels/{channel.id}/messages</c>; multipart when there are files (25 MiB per request).</summary>
    public async Task<DiscordMessage> CreateMessageAsync(
        ulong channelId, MessageBody body, IReadOnlyList<DiscordFile>? files, CancellationToken cancellationToken)
    {
        var route = new Route(HttpMethod.Post, "/channels/{channel.id}/messages", Id(channelId));
        return await SendAsync(route, $"/channels/{Id(channelId)}/messages", Message(body, files), DiscordJsonContext.Default.DiscordMessage, cancellationToken)
            .ConfigureAwait(false) ?? throw new InvalidOperationException("Create message returned no body.");
    }

    /// <summary><c>GET /channels/{channel.id}/messages/{message.id}</c>; in a guild it needs Read Message History.</summary>
    public async Task<DiscordMessage> GetMessageAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken)
    {
        var route = new Route(HttpMethod.Get, "/channels/{channel.id}/messages/{message.id}", Id(channelId));
        return await SendAsync(route, $"/channels/{Id(channelId)}/messages/{Id(messageId)}", null, DiscordJsonContext.Default.DiscordMessage, cancellationToken)
            .ConfigureAwait(false) ?? throw new InvalidOperationException("Get message returned no body.");
    }

    /// <summary><c>PATCH /channels/{channel.id}/messages/{message.id}</c>; null members of <paramref name="body"/> stay as they are.</summary>
    /// <remarks>With files, <c>attachments</c> must list every attachment to keep; by default it lists only the new files.</remarks>
    public async Task<DiscordMessage> EditMessageAsync(
        ulong channelId, ulong messageId, MessageBody body, IReadOnlyList<DiscordFile>? files, CancellationToken cancellationToken)
    {
        var route = new Route(HttpMethod.Patch, "/channels/{channel.id}/messages/{message.id}", Id(channelId));
        return await SendAsync(route, $"/channels/{Id(channelId)}/messages/{Id(messageId)}", Message(body, files), DiscordJsonContext.Default.DiscordMessage, cancellationToken)
            .ConfigureAwait(false) ?? throw new InvalidOperationException("Edit message returned no body.");
    }

    /// <summary><c>POST /channels/{channel.id}/messages/{message.id}/threads</c>; the thread's id is the message's id.</summary>
    public async Task<DiscordChannel> StartThreadFromMessageAsync(
        ulong channelId, ulong messageId, StartThreadRequest request, CancellationToken cancellationToken)
    {
        var route = new Route(HttpMethod.Post, "/channels/{channel.id}/messages/{message.id}/threads", Id(channelId));
        return await SendAsync(route, $"/channels/{Id(channelId)}/messages/{Id(messageId)}/threads", Json(request, DiscordJsonContext.Default.StartThreadRequest), DiscordJsonContext.Default.DiscordChannel, cancellationToken)
            .ConfigureAwait(false) ?? throw new InvalidOperationException("Start thread returned no body.");
    }

    /// <summary><c>PUT /channels/{channel.id}/messages/{message.id}/reactions/{emoji}/@me</c> (204); a unicode emoji or <c>name:id</c>.</summary>
    public Task CreateReactionAsync(ulong channelId, ulong messageId, string emoji, CancellationToken cancellationToken)
    {
        var route = new Route(HttpMethod.Put, "/channels/{channel.id}/messages/{message.id}/reactions/{emoji}/@me", Id(channelId));
        return SendAsync(route, $"/channels/{Id(channelId)}/messages/{Id(messageId)}/reactions/{Uri.EscapeDataString(emoji)}/@me", null, cancellationToken);
    }
}

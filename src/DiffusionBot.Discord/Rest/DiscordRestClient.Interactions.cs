using DiffusionBot.Discord.Rest.RateLimits;
using DiffusionBot.Discord.Wire;

namespace DiffusionBot.Discord.Rest;

/// <summary>Receiving and responding: the callback and the interaction webhook (token in the path, no Authorization header).</summary>
internal sealed partial class DiscordRestClient
{
    /// <summary>
    /// <c>POST /interactions/{id}/{token}/callback</c> (204). Type 5 defers, type 4 answers with a message.
    /// </summary>
    /// <remarks>Must arrive within 3 s of the interaction, or the token is invalidated (10062).</remarks>
    public Task CreateInteractionResponseAsync(
        ulong interactionId, string interactionToken, InteractionResponse response, IReadOnlyList<DiscordFile>? files, CancellationToken cancellationToken)
    {
        var route = new Route(HttpMethod.Post, "/interactions/{interaction.id}/{interaction.token}/callback", Id(interactionId), IsInteraction: true);
        Func<HttpContent> content = files is { Count: > 0 } && response.Data is { } data
            ? () => Multipart(System.Text.Json.JsonSerializer.Serialize(response with { Data = WithSlots(data, files) }, DiscordJsonContext.Default.InteractionResponse), files)
            : Json(response, DiscordJsonContext.Default.InteractionResponse);
        return SendAsync(route, $"/interactions/{Id(interactionId)}/{Uri.EscapeDataString(interactionToken)}/callback", content, cancellationToken);
    }

    /// <summary>The suggestions answering an autocomplete interaction (callback type 8).</summary>
    public Task CreateAutocompleteResponseAsync(ulong interactionId, string interactionToken, AutocompleteResponse response, CancellationToken cancellationToken) =>
        CallbackAsync(interactionId, interactionToken, Json(response, DiscordJsonContext.Default.AutocompleteResponse), cancellationToken);

    /// <summary>Opens a form in answer to a command or component interaction (callback type 9).</summary>
    public Task CreateModalResponseAsync(ulong interactionId, string interactionToken, ModalResponse response, CancellationToken cancellationToken) =>
        CallbackAsync(interactionId, interactionToken, Json(response, DiscordJsonContext.Default.ModalResponse), cancellationToken);

    private Task CallbackAsync(ulong interactionId, string interactionToken, Func<HttpContent> content, CancellationToken cancellationToken)
    {
        var route = new Route(HttpMethod.Post, "/interactions/{interaction.id}/{interaction.token}/callback", Id(interactionId), IsInteraction: true);
        return SendAsync(route, $"/interactions/{Id(interactionId)}/{Uri.EscapeDataString(interactionToken)}/callback", content, cancellationToken);
    }

    /// <summary><c>PATCH /webhooks/{application.id}/{token}/messages/@original</c>: replaces the deferred "thinking…" message.</summary>
    /// <remarks>Interaction tokens live 15 minutes.</remarks>
    public async Task<DiscordMessage> EditOriginalInteractionResponseAsync(
        string interactionToken, MessageBody body, IReadOnlyList<DiscordFile>? files, CancellationToken cancellationToken)
    {
        var route = WebhookRoute(HttpMethod.Patch, "/webhooks/{application.id}/{interaction.token}/messages/@original", interactionToken);
        return await SendAsync(route, $"{WebhookPath(interactionToken)}/messages/@original", Message(body, files), DiscordJsonContext.Default.DiscordMessage, cancellationToken)
            .ConfigureAwait(false) ?? throw new InvalidOperationException("Edit original response returned no body.");
    }

    /// <summary><c>DELETE /webhooks/{application.id}/{token}/messages/@original</c> (204): removes the deferred message.</summary>
    public Task DeleteOriginalInteractionResponseAsync(string interactionToken, CancellationToken cancellationToken)
    {
        var route = WebhookRoute(HttpMethod.Delete, "/webhooks/{application.id}/{interaction.token}/messages/@original", interactionToken);
        return SendAsync(route, $"{WebhookPath(interactionToken)}/messages/@original", null, cancellationToken);
    }

    /// <summary><c>POST /webhooks/{application.id}/{token}</c>: a follow-up message (<c>flags: 64</c> for ephemeral).</summary>
    public async Task<DiscordMessage> CreateFollowupMessageAsync(
        string interactionToken, MessageBody body, IReadOnlyList<DiscordFile>? files, CancellationToken cancellationToken)
    {
        var route = WebhookRoute(HttpMethod.Post, "/webhooks/{application.id}/{interaction.token}", interactionToken);
        return await SendAsync(route, WebhookPath(interactionToken), Message(body, files), DiscordJsonContext.Default.DiscordMessage, cancellationToken)
            .ConfigureAwait(false) ?? throw new InvalidOperationException("Follow-up returned no body.");
    }

    private Route WebhookRoute(HttpMethod method, string template, string interactionToken) =>
        new(method, template, $"{Id(_options.ApplicationId)}/{interactionToken}", IsInteraction: true);

    private string WebhookPath(string interactionToken) => $"/webhooks/{Id(_options.ApplicationId)}/{Uri.EscapeDataString(interactionToken)}";
}

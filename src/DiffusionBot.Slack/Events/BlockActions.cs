using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.Events;

/// <summary>
/// The <c>block_actions</c> interaction payload (a user pressed a button on a message), or a <c>view_submission</c>
/// (a user submitted a form the bot opened), which shares its envelope and carries the <see cref="View"/>.
/// </summary>
internal sealed record BlockActions
{
    public const string TypeName = "block_actions";
    public const string ViewSubmission = "view_submission";

    [JsonPropertyName("view")]
    public SubmittedView? View { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("trigger_id")]
    public string? TriggerId { get; init; }

    [JsonPropertyName("user")]
    public SlackUserRef? User { get; init; }

    [JsonPropertyName("team")]
    public SlackTeamRef? Team { get; init; }

    [JsonPropertyName("channel")]
    public SlackChannelRef? Channel { get; init; }

    [JsonPropertyName("container")]
    public ActionContainer? Container { get; init; }

    [JsonPropertyName("actions")]
    public IReadOnlyList<BlockAction>? Actions { get; init; }

    /// <summary>Where to answer the user who pressed, even in a conversation the bot cannot post in; a secret.</summary>
    [JsonPropertyName("response_url")]
    public string? ResponseUrl { get; init; }
}

/// <summary>A user as interactions name them.</summary>
internal sealed record SlackUserRef(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("name")] string? Name);

/// <summary>A workspace as interactions name it.</summary>
internal sealed record SlackTeamRef([property: JsonPropertyName("id")] string? Id);

/// <summary>A channel as interactions name it.</summary>
internal sealed record SlackChannelRef([property: JsonPropertyName("id")] string? Id);

/// <summary>Where the pressed button sits: the message's ts, its channel and its thread.</summary>
internal sealed record ActionContainer(
    [property: JsonPropertyName("message_ts")] string? MessageTs,
    [property: JsonPropertyName("channel_id")] string? ChannelId,
    [property: JsonPropertyName("thread_ts")] string? ThreadTs);

/// <summary>One pressed element.</summary>
internal sealed record BlockAction(
    [property: JsonPropertyName("action_id")] string? ActionId,
    [property: JsonPropertyName("value")] string? Value,
    [property: JsonPropertyName("action_ts")] string? ActionTs,
    [property: JsonPropertyName("selected_option")] SelectedOption? SelectedOption = null);

/// <summary>A static select's choice in <c>block_actions</c> (Slack "Select menu element": <c>selected_option</c>).</summary>
internal sealed record SelectedOption([property: JsonPropertyName("value")] string? Value);

/// <summary>A submitted modal: its <c>callback_id</c>, the bot's own <c>private_metadata</c>, and the inputs' values by block and action id.</summary>
internal sealed record SubmittedView(
    [property: JsonPropertyName("callback_id")] string? CallbackId,
    [property: JsonPropertyName("private_metadata")] string? PrivateMetadata,
    [property: JsonPropertyName("state")] ViewState? State);

internal sealed record ViewState([property: JsonPropertyName("values")] IReadOnlyDictionary<string, IReadOnlyDictionary<string, ViewInputValue>>? Values);

internal sealed record ViewInputValue(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("value")] string? Value);

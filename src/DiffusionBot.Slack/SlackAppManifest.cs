using System.Text.Json;
using System.Text.Json.Nodes;
using DiffusionBot.Slack.Http;

namespace DiffusionBot.Slack;

/// <summary>
/// The Slack app manifest (JSON, as <i>Create New App → From an app manifest</i> accepts it): the bot scopes the adapter's calls
/// and events need, the <c>/imagine</c> and <c>/quota</c> commands, the bot events, interactivity, and Socket Mode — or, given
/// the bot's public base URL, the three HTTP request URLs with Socket Mode off. The README and <c>slack-manifest</c> print this.
/// </summary>
public static class SlackAppManifest
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The app's name and its bot user's display name.</summary>
    public const string AppName = "DiffusionBot";

    /// <summary>The bot token scopes the adapter's calls, downloads and events need.</summary>
    public static readonly IReadOnlyList<string> BotScopes =
    [
        "commands", // the /imagine and /quota slash commands
        "chat:write", // status lines, buttons, refusals: chat.postMessage, chat.update, chat.delete, chat.postEphemeral
        "files:write", // previews and results: files.getUploadURLExternal, files.completeUploadExternal
        "files:read", // downloading the images users reply with (url_private)
        "reactions:read", // reaction_added: 🔁 and 1️⃣–4️⃣ on results
        "channels:history", // message.channels (replies in a result's thread) and conversations.replies (reading a thread back)
        "groups:history", // the same in private channels
        "im:history", // the same in the bot's direct messages
        "users:read", // users.info: workspace admins and owners are bot admins
    ];

    /// <summary>The bot events the adapter handles.</summary>
    public static readonly IReadOnlyList<string> BotEvents = ["reaction_added", "message.channels", "message.groups", "message.im"];

    /// <summary>The slash commands: name, description, usage hint.</summary>
    public static readonly IReadOnlyList<(string Command, string Description, string UsageHint)> SlashCommands =
    [
        ("/imagine", "Paint a picture from a description", "a red fox in the snow --ar 16:9 --n 4"),
        ("/quota", "This channel's image quota (admins change it)", "show | set 20 per 24h user 5 [steps 50] [pixels 262144] [workspace] | off | clear"),
    ];

    /// <summary>
    /// The manifest. With <paramref name="httpBaseUrl"/> (the bot's public base URL) Slack posts to <c>/slack/commands</c>,
    /// <c>/slack/interactivity</c> and <c>/slack/events</c> under it; without, the app uses Socket Mode.
    /// </summary>
    public static JsonObject Build(Uri? httpBaseUrl = null)
    {
        if (httpBaseUrl is not null && !(httpBaseUrl.IsAbsoluteUri && httpBaseUrl.Scheme == Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Slack only posts to https:// request URLs, not '{httpBaseUrl}'.", nameof(httpBaseUrl));
        }

        string? Url(string path) => httpBaseUrl is null ? null : httpBaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + path;

        var commands = new JsonArray();
        foreach (var (command, description, usageHint) in SlashCommands)
        {
            var entry = new JsonObject { ["command"] = command, ["description"] = description, ["usage_hint"] = usageHint, ["should_escape"] = false };
            if (Url(SlackEndpoints.CommandsPath) is { } url)
            {
                entry["url"] = url;
            }

            commands.Add(entry);
        }

        var events = new JsonObject { ["bot_events"] = new JsonArray([.. BotEvents.Select(e => JsonValue.Create(e))]) };
        var interactivity = new JsonObject { ["is_enabled"] = true };
        if (httpBaseUrl is not null)
        {
            events.Insert(0, "request_url", Url(SlackEndpoints.EventsPath));
            interactivity["request_url"] = Url(SlackEndpoints.InteractivityPath);
        }

        return new JsonObject
        {
            ["display_information"] = new JsonObject
            {
                ["name"] = AppName,
                ["description"] = "Paints pictures from descriptions with a self-hosted Stable Diffusion model",
            },
            ["features"] = new JsonObject
            {
                ["bot_user"] = new JsonObject { ["display_name"] = AppName, ["always_online"] = true },
                ["slash_commands"] = commands,
            },
            ["oauth_config"] = new JsonObject
            {
                ["scopes"] = new JsonObject { ["bot"] = new JsonArray([.. BotScopes.Select(s => JsonValue.Create(s))]) },
            },
            ["settings"] = new JsonObject
            {
                ["event_subscriptions"] = events,
                ["interactivity"] = interactivity,
                ["socket_mode_enabled"] = httpBaseUrl is null,
                ["token_rotation_enabled"] = false,
            },
        };
    }

    /// <summary>The manifest as indented JSON.</summary>
    public static string ToJson(Uri? httpBaseUrl = null) => Build(httpBaseUrl).ToJsonString(Indented);
}

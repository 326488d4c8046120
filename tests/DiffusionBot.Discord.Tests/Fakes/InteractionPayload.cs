using System.Globalization;
using System.Text.Json.Nodes;

namespace DiffusionBot.Discord.Tests.Fakes;

/// <summary>The <c>d</c> of an INTERACTION_CREATE as Discord sends it from a guild member.</summary>
internal static class InteractionPayload
{
    /// <summary>An <c>/imagine prompt:…</c> slash command; <paramref name="extraOptions"/> and <paramref name="resolved"/> add an attachment.</summary>
    public static JsonObject ImagineData(string prompt, JsonArray? extraOptions = null, JsonObject? resolved = null)
    {
        var options = new JsonArray { new JsonObject { ["name"] = "prompt", ["type"] = 3, ["value"] = prompt } };
        foreach (var option in extraOptions ?? [])
        {
            options.Add(option!.DeepClone());
        }

        var data = new JsonObject { ["id"] = "771825006014889985", ["name"] = "imagine", ["type"] = 1, ["options"] = options };
        if (resolved is not null)
        {
            data["resolved"] = resolved;
        }

        return data;
    }

    /// <summary>A text channel of the fake guild, as the interaction's partial <c>channel</c>.</summary>
    public static JsonObject TextChannel(ulong channelId) => new() { ["id"] = Id(channelId), ["type"] = 0, ["nsfw"] = false, ["parent_id"] = null };

    /// <summary>
    /// The bot role's permissions in a channel where nothing is taken from it: View Channel, Send Messages, Embed Links,
    /// Attach Files, Read Message History, Add Reactions, Create Public Threads, Send Messages in Threads.
    /// </summary>
    public const string BotPermissions = "309237763136";

    public static JsonObject Create(ulong id, string token, int type, JsonObject data, ulong userId, JsonObject channel, ulong channelId, string permissions = "2147483647", string appPermissions = BotPermissions) => new()
    {
        ["id"] = Id(id),
        ["application_id"] = Id(FakeDiscord.ApplicationId),
        ["type"] = type,
        ["token"] = token,
        ["version"] = 1,
        ["guild_id"] = Id(FakeGuild.GuildId),
        ["channel_id"] = Id(channelId),
        ["channel"] = channel,
        ["member"] = new JsonObject
        {
            ["user"] = new JsonObject { ["id"] = Id(userId), ["username"] = "Mason", ["discriminator"] = "1337", ["avatar"] = null },
            ["roles"] = new JsonArray(),
            ["permissions"] = permissions,
            ["nick"] = null,
        },
        ["app_permissions"] = appPermissions,
        ["locale"] = "en-US",
        ["data"] = data,
    };

    private static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);
}

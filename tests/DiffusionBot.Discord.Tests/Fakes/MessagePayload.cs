using System.Globalization;
using System.Text.Json.Nodes;

namespace DiffusionBot.Discord.Tests.Fakes;

/// <summary>The <c>d</c> of a MESSAGE_CREATE as Discord delivers it to a bot.</summary>
internal static class MessagePayload
{
    /// <summary>
    /// <paramref name="message"/> as a bot without the Message Content intent receives it: <c>content</c>, <c>embeds</c>,
    /// <c>attachments</c> and <c>components</c> empty, unless the message mentions the bot, is a DM or is the bot's own
    /// (discord.com/developers/docs/events/gateway#message-content-intent).
    /// </summary>
    public static JsonObject Delivered(JsonObject message, bool messageContentIntent, ulong botUserId)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bot = botUserId.ToString(CultureInfo.InvariantCulture);
        var mentioned = (message["mentions"] as JsonArray)?.Any(m => m?["id"]?.GetValue<string>() == bot) == true;
        var direct = message["guild_id"] is null;
        var own = message["author"]?["id"]?.GetValue<string>() == bot;
        if (!messageContentIntent && !mentioned && !direct && !own)
        {
            message["content"] = "";
            message["embeds"] = new JsonArray();
            message["attachments"] = new JsonArray();
            message["components"] = new JsonArray();
        }

        return message;
    }

    /// <summary>A reply by <paramref name="userId"/> to <paramref name="target"/> in <paramref name="channel"/>, mentioning the bot or not.</summary>
    public static JsonObject Reply(ulong id, ulong channel, ulong userId, ulong target, ulong targetAuthor, string content, bool mentionsBot, ulong botUserId, string? imageUrl = null)
    {
        var mentions = new JsonArray();
        if (mentionsBot)
        {
            mentions.Add(new JsonObject { ["id"] = Id(botUserId), ["username"] = "Nelly", ["bot"] = true });
        }

        var attachments = new JsonArray();
        if (imageUrl is not null)
        {
            attachments.Add(new JsonObject { ["id"] = Id(id + 1), ["filename"] = "init.png", ["content_type"] = "image/png", ["size"] = 100, ["url"] = imageUrl });
        }

        return new JsonObject
        {
            ["id"] = Id(id),
            ["channel_id"] = Id(channel),
            ["guild_id"] = Id(FakeGuild.GuildId),
            ["type"] = 19,
            ["content"] = content,
            ["author"] = new JsonObject { ["id"] = Id(userId), ["username"] = "Mason" },
            ["mentions"] = mentions,
            ["attachments"] = attachments,
            ["message_reference"] = new JsonObject { ["type"] = 0, ["message_id"] = Id(target), ["channel_id"] = Id(channel) },
            ["referenced_message"] = new JsonObject { ["id"] = Id(target), ["author"] = new JsonObject { ["id"] = Id(targetAuthor), ["bot"] = targetAuthor == botUserId } },
        };
    }

    private static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text.Json;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Quotas;
using DiffusionBot.Discord.Wire;

namespace DiffusionBot.Discord.Mapping;

/// <summary>
/// The <c>/quota</c> slash command: <c>show</c> for anyone; <c>set</c>, <c>off</c> and <c>clear</c> for members with
/// Manage Channels or Administrator. Registered with <c>default_member_permissions</c> = Manage Channels so Discord hides it
/// from everyone else, and checked again on receipt from the member's permissions, since a server can override that default.
/// </summary>
internal static class QuotaCommand
{
    public const string Name = "quota";

    /// <summary>MANAGE_CHANNELS as the decimal bitset string Discord expects.</summary>
    public const string ManageChannels = "16";

    private const int Subcommand = 1;
    private const int String = 3;
    private const int Integer = 4;
    private const int Boolean = 5;

    /// <summary>ADMINISTRATOR and MANAGE_CHANNELS permission bits.</summary>
    private const ulong ChangePermissions = (1UL << 3) | (1UL << 4);

    public static ApplicationCommand Definition() => new()
    {
        Name = Name,
        Description = "Show or change how many images this channel may make",
        DefaultMemberPermissions = ManageChannels,
        Contexts = [0, 1],
        Options =
        [
            new() { Type = Subcommand, Name = "show", Description = "This channel's limits, what is used and left, and the last change" },
            new()
            {
                Type = Subcommand,
                Name = "set",
                Description = "Set limits (Manage Channels)",
                Options =
                [
                    Whole("images", "Images per window for the whole channel"),
                    Whole("user_images", "Images per window for each person"),
                    new() { Type = String, Name = "per", Description = "The window: 30m, 1h, 24h, 7d (default 24h)", MaxLength = 16 },
                    Whole("max_steps", "Most denoising steps per image"),
                    Whole("max_pixels", "Most pixels per image (width × height)"),
                    Server("Set the server-wide default instead of this channel's"),
                ],
            },
            new() { Type = Subcommand, Name = "off", Description = "No images at all (Manage Channels)", Options = [Server("Turn off the server-wide default instead")] },
            new() { Type = Subcommand, Name = "clear", Description = "Back to the default (Manage Channels)", Options = [Server("Clear the server-wide default instead")] },
        ],
    };

    /// <summary>Whether the member may change quotas: Manage Channels or Administrator in this channel. Never in a DM.</summary>
    public static bool MayChange(GuildMember? member) =>
        ulong.TryParse(member?.Permissions, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && (bits & ChangePermissions) != 0;

    /// <summary>The command for an origin (whose <see cref="CommandOrigin.IsAdmin"/> the caller has set from <see cref="MayChange"/>).</summary>
    /// <exception cref="QuotaException">An unknown subcommand or a bad value; the message is shown to the user.</exception>
    public static Func<CommandOrigin, Command> Read(InteractionData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var sub = data.Options is [{ Type: Subcommand } only] ? only : throw new QuotaException("Choose one of: /quota show, set, off or clear.");
        var options = (sub.Options ?? []).ToDictionary(o => o.Name, o => o.Value, StringComparer.Ordinal);
        var server = options.TryGetValue("server", out var flag) && flag.ValueKind == JsonValueKind.True;
        switch (sub.Name)
        {
            case "show":
                return origin => new ShowQuota(origin);
            case "set":
                var policy = QuotaPolicyBuilder.Build(Int(options, "images"), Int(options, "user_images"), Text(options, "per"), Int(options, "max_steps"), Int(options, "max_pixels"));
                return origin => new ChangeQuota(origin, new QuotaChange.Set(policy, server));
            case "off":
                return origin => new ChangeQuota(origin, new QuotaChange.TurnOff(server));
            case "clear":
                return origin => new ChangeQuota(origin, new QuotaChange.Clear(server));
            default:
                throw new QuotaException($"There is no /quota {Clip(sub.Name)}; choose show, set, off or clear.");
        }
    }

    private static ApplicationCommandOption Whole(string name, string description) =>
        new() { Type = Integer, Name = name, Description = description, MinValue = 1, MaxValue = int.MaxValue };

    private static ApplicationCommandOption Server(string description) => new() { Type = Boolean, Name = "server", Description = description };

    private static int? Int(Dictionary<string, JsonElement> options, string name) =>
        !options.TryGetValue(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number
        : throw new QuotaException($"{name} must be a whole number of 1 or more (you wrote {Clip(value.ToString())}).");

    private static string? Text(Dictionary<string, JsonElement> options, string name) =>
        options.TryGetValue(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;

    private static string Clip(string text) => text.Length <= 20 ? text : text[..20] + "…";
}

using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Storage;

namespace DiffusionBot.Chat.Jobs;

/// <summary>
/// Which stored requests a command may act on (cancel, vary, reroll, upscale): only those asked for on the same platform
/// and in the same workspace. Being an admin somewhere (the playground's local user is one) gives no power over another
/// chat's requests, even with a request id in hand.
/// </summary>
internal static class RequestReach
{
    public const string OtherChat = "That request was made in another chat; it can only be changed there.";

    public static bool Allows(CommandOrigin origin, StoredRequest target) =>
        string.Equals(target.Platform, origin.Platform.ToString(), StringComparison.Ordinal)
        && string.Equals(target.WorkspaceId, origin.WorkspaceId, StringComparison.Ordinal);
}

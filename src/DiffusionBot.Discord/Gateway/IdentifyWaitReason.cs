namespace DiffusionBot.Discord.Gateway;

/// <summary>What holds the next Identify back.</summary>
internal enum IdentifyWaitReason
{
    /// <summary>Nothing: identify now.</summary>
    None,

    /// <summary>The previous Identify was less than 5 s ago.</summary>
    Concurrency,

    /// <summary>Few identifies are left today; they are spread until the reset.</summary>
    Low,

    /// <summary>None are left; wait for <c>reset_after</c>.</summary>
    Spent,
}

namespace DiffusionBot.Discord.Gateway;

/// <summary>Why an Identify waits (or <see cref="IdentifyWaitReason.None"/>) and for how long.</summary>
internal readonly record struct IdentifyWait(TimeSpan Delay, IdentifyWaitReason Reason);

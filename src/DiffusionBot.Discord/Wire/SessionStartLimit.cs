using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>How many Identify calls are left; <c>reset_after</c> is in milliseconds.</summary>
internal sealed record SessionStartLimit(
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("remaining")] int Remaining,
    [property: JsonPropertyName("reset_after")] long ResetAfter,
    [property: JsonPropertyName("max_concurrency")] int MaxConcurrency);

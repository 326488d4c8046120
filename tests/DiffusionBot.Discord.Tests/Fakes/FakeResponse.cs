namespace DiffusionBot.Discord.Tests.Fakes;

/// <summary>A scripted answer; <see cref="Gate"/>, when set, holds the answer back until the test completes it.</summary>
internal sealed record FakeResponse(int Status, string? Json = null, IReadOnlyDictionary<string, string>? Headers = null, TaskCompletionSource? Gate = null)
{
    public static FakeResponse RateLimited(double retryAfter, bool global, string? bucket = "abcd1234") => new(
        429,
        $$"""{"message":"You are being rate limited.","retry_after":{{retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"global":{{(global ? "true" : "false")}}}""",
        global
            ? new Dictionary<string, string> { ["Retry-After"] = "65", ["X-RateLimit-Global"] = "true", ["X-RateLimit-Scope"] = "global" }
            : new Dictionary<string, string>
            {
                ["Retry-After"] = "65",
                ["X-RateLimit-Limit"] = "10",
                ["X-RateLimit-Remaining"] = "0",
                ["X-RateLimit-Reset-After"] = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["X-RateLimit-Bucket"] = bucket!,
                ["X-RateLimit-Scope"] = "user",
            });
}

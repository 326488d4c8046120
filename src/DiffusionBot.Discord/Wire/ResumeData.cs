using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>op 6 data.</summary>
internal sealed record ResumeData(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("seq"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? Seq);

using Microsoft.Extensions.Logging;

namespace DiffusionBot.Diffusion.Lora;

internal static partial class LoraLog
{
    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "LoRA sessions {Key} created in {Milliseconds} ms ({Count} cached)")]
    public static partial void LoraSessionsCreated(this ILogger logger, string key, long milliseconds, int count);
}

using Microsoft.Extensions.Logging;

namespace DiffusionBot.Diffusion.Embeddings;

internal static partial class EmbeddingLog
{
    [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "Embedding {Name} skipped: its vectors are {Widths} wide, this model's text encoders read {EncoderWidths}")]
    public static partial void EmbeddingSkipped(this ILogger logger, string name, string widths, string encoderWidths);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Embedding {Name} refused: {Reason}")]
    public static partial void EmbeddingRefused(this ILogger logger, string name, string reason);
}

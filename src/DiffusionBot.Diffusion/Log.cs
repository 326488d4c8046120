using Microsoft.Extensions.Logging;

namespace DiffusionBot.Diffusion;

internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "CUDA is not available, running on the CPU: {Reason}")]
    public static partial void CudaUnavailable(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Model {Model} opened on {Provider} in {Milliseconds} ms")]
    public static partial void ModelOpened(this ILogger logger, string model, string provider, long milliseconds);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Generated {Count} image(s) with {Model} in {Milliseconds} ms")]
    public static partial void Generated(this ILogger logger, int count, string model, long milliseconds);
}

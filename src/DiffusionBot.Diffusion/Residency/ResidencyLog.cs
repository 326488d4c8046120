using Microsoft.Extensions.Logging;

namespace DiffusionBot.Diffusion;

internal static partial class Log
{
    [LoggerMessage(EventId = 1040, Level = LogLevel.Information, Message = "Model {Model} loaded and warmed in {Milliseconds} ms ({Loaded} loaded)")]
    public static partial void ModelLoaded(this ILogger logger, string model, long milliseconds, int loaded);

    [LoggerMessage(EventId = 1041, Level = LogLevel.Information, Message = "Model {Model} unloaded (least recently used; {Loaded} still loaded)")]
    public static partial void ModelUnloaded(this ILogger logger, string model, int loaded);

    [LoggerMessage(EventId = 1042, Level = LogLevel.Warning, Message = "{Loaded} models loaded, over the limit of {Limit} models / {BudgetBytes} bytes: every one is in use")]
    public static partial void ModelsOverLimit(this ILogger logger, int loaded, int limit, long budgetBytes);
}

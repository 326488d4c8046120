namespace DiffusionBot.Chat.Jobs;

/// <summary>The reason a request failed, as the dashboard's Failed state shows it; never thrown, the user was told already.</summary>
public sealed class RequestFailedException : Exception
{
    public RequestFailedException()
    {
    }

    public RequestFailedException(string message)
        : base(message)
    {
    }

    public RequestFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace DiffusionBot.Chat.Downloads;

/// <summary>A download was refused; <see cref="Exception.Message"/> is one polite line that can be shown to the user.</summary>
public sealed class ImageDownloadException(ImageDownloadFailure failure, string message) : Exception(message)
{
    public ImageDownloadFailure Failure { get; } = failure;
}

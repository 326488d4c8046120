using System.Text.Json;
using DiffusionBot.Chat.Storage;
using Hangfire.Common;

namespace DiffusionBot.Chat.Jobs;

/// <summary>
/// Names each render job in the Hangfire dashboard after the request bound to it — platform, user, channel and the
/// first words of the prompt — instead of <c>GenerateImagesJob.RunAsync</c>.
/// </summary>
public sealed class JobLabels(RequestStore requests)
{
    /// <summary>How much of the prompt a label shows.</summary>
    public const int PromptWords = 8;

    /// <summary>The request bound to a render job, or null when <paramref name="job"/> is not one or is bound to nothing.</summary>
    public StoredRequest? RequestOf(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Type == typeof(GenerateImagesJob) && job.Args.Count > 0 && job.Args[0] is string ticket ? requests.ForTicket(ticket) : null;
    }

    /// <summary>The label for <paramref name="job"/>; its method name when it is not a render job or no request is bound to it.</summary>
    public string Describe(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var request = RequestOf(job);
        return request is null ? $"{job.Type.Name}.{job.Method.Name}" : Describe(request);
    }

    public static string Describe(StoredRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = JsonSerializer.Deserialize(request.SpecJson, ChatJsonContext.Default.PromptSpec);
        var words = (spec?.Prompt ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var prompt = string.Join(' ', words.Take(PromptWords)) + (words.Length > PromptWords ? " …" : "");
        return $"{request.Platform} #{request.ChannelId} {request.Kind}: “{prompt}” (request {request.Id[..Math.Min(8, request.Id.Length)]})";
    }
}

using System.Globalization;
using DiffusionBot.Diffusion;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Playground.Api;

/// <summary>What the page posts: typed text, button presses, and image uploads.</summary>
internal static class MessageEndpoints
{
    /// <summary>Room for the multipart boundaries and the prompt around an image of the largest allowed size.</summary>
    public const int MultipartAllowance = 64 * 1024;

    public static async Task<IResult> PostMessageAsync(PostMessageRequest body, PlaygroundChannel channel, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body?.Text))
        {
            return Results.BadRequest();
        }

        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        using var activity = Chat.Telemetry.BotTracing.Source.StartActivity("playground.message");
        var answer = await channel.SayAsync(body.Text, cancellationToken).ConfigureAwait(false);
        Chat.Telemetry.BotMetrics.RecordAck("Playground", arrived);
        return Results.Ok(answer);
    }

    public static async Task<IResult> PostActionAsync(PostActionRequest body, PlaygroundChannel channel, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return Results.BadRequest();
        }

        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        using var activity = Chat.Telemetry.BotTracing.Source.StartActivity("playground.action");
        var answer = await channel.ActAsync(body, cancellationToken).ConfigureAwait(false);
        Chat.Telemetry.BotMetrics.RecordAck("Playground", arrived);
        return Results.Ok(answer);
    }

    /// <summary>
    /// An image upload. The body is capped at the engine's <see cref="EngineOptions.MaxInputBytes"/> before anything is
    /// read; a larger or broken upload becomes a polite line in the channel, never a failed process.
    /// </summary>
    public static async Task<IResult> PostImg2ImgAsync(
        HttpContext context,
        PlaygroundChannel channel,
        IOptions<EngineOptions> engine,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var request = context.Request;
        var maxBytes = engine.Value.MaxInputBytes;
        var cap = (long)maxBytes + MultipartAllowance;
        var logger = loggers.CreateLogger(typeof(MessageEndpoints));
        if (request.ContentLength > cap)
        {
            return Refused(context, channel.RefuseUpload(null, null, TooLarge(request.ContentLength, maxBytes)), logger, StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = cap;
        }

        if (!request.HasFormContentType)
        {
            return Refused(context, channel.RefuseUpload(null, null, "Please send the image as a file upload."), logger);
        }

        IFormCollection form;
        try
        {
            context.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = cap }));
            form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BadHttpRequestException or InvalidDataException)
        {
            return Refused(context, channel.RefuseUpload(null, null, TooLarge(request.ContentLength, maxBytes)), logger, StatusCodes.Status413PayloadTooLarge);
        }

        var prompt = form["prompt"].ToString();
        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            return Refused(context, channel.RefuseUpload(file?.FileName, prompt, "Please attach an image (PNG, JPEG or WebP)."), logger);
        }

        if (file.Length > maxBytes)
        {
            return Refused(context, channel.RefuseUpload(file.FileName, prompt, TooLarge(file.Length, maxBytes)), logger, StatusCodes.Status413PayloadTooLarge);
        }

        float? strength = null;
        if (form["strength"].ToString() is { Length: > 0 } text)
        {
            if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
            {
                return Refused(context, channel.RefuseUpload(file.FileName, prompt, $"The strength must be a number between 0 and 1 (you sent '{Short(text)}')."), logger);
            }

            strength = value;
        }

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        }

        return Results.Ok(await channel.Img2ImgAsync(bytes, file.FileName, prompt, strength, cancellationToken).ConfigureAwait(false));
    }

    private static IResult Refused(HttpContext context, PostOutcome outcome, ILogger logger, int statusCode = StatusCodes.Status400BadRequest)
    {
        logger.UploadRefused(context.Request.ContentLength, outcome.Message);

        // The body may be left unread; closing the connection keeps Kestrel from draining megabytes nobody wants.
        context.Response.Headers.Connection = "close";
        return Results.Json(outcome, PlaygroundJsonContext.Default.PostOutcome, statusCode: statusCode);
    }

    private static string TooLarge(long? length, int maxBytes) => length is { } bytes
        ? string.Create(CultureInfo.InvariantCulture, $"That upload is {Megabytes(bytes)}; images can be at most {Megabytes(maxBytes)}.")
        : string.Create(CultureInfo.InvariantCulture, $"That upload is too large; images can be at most {Megabytes(maxBytes)}.");

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB");

    private static string Short(string text) => text.Length <= 20 ? text : text[..20] + "…";
}

using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace DiffusionBot.Slack.WebApi;

/// <summary>Files: the three-step upload (get an upload URL, post the bytes, complete), and deleting a file.</summary>
internal sealed partial class SlackWebApiClient
{
    /// <summary>
    /// Uploads one file: <c>files.getUploadURLExternal</c> → POST the bytes to the returned URL (no token) →
    /// <c>files.completeUploadExternal</c>, shared to the upload's channel and thread, or left unshared without one.
    /// </summary>
    public async Task<UploadedFile> UploadFileAsync(SlackFileUpload upload, CancellationToken cancellationToken)
    {
        // 1. Ask for a one-time upload URL.
        List<KeyValuePair<string, string>> urlFields =
        [
            new("filename", upload.FileName),
            new("length", upload.Content.Length.ToString(CultureInfo.InvariantCulture)),
        ];
        if (upload.AltText is { } altText)
        {
            urlFields.Add(new("alt_txt", altText));
        }

        var target = await PostFormAsync("files.getUploadURLExternal", urlFields, SlackJsonContext.Default.UploadUrlResponse, cancellationToken).ConfigureAwait(false);
        if (target.FileId is not { } fileId || !Uri.TryCreate(target.UploadUrl, UriKind.Absolute, out var uploadUrl))
        {
            throw new SlackApiException("files.getUploadURLExternal", "invalid_response");
        }

        // 2. Post the raw bytes. The URL carries its own authorization, so the token is not sent.
        using (var request = new HttpRequestMessage(HttpMethod.Post, uploadUrl))
        {
            request.Content = new ReadOnlyMemoryContent(upload.Content);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new SlackApiException("files.upload_url", "upload_failed", response.StatusCode);
            }
        }

        // 3. Complete, which shares the file when a channel is named. Slack accepts this once per upload.
        UploadedFile[] files = [new UploadedFile { Id = fileId, Title = upload.Title ?? upload.FileName }];
        List<KeyValuePair<string, string>> completeFields =
        [
            new("files", JsonSerializer.Serialize(files, SlackJsonContext.Default.UploadedFileArray)),
        ];
        if (upload.ChannelId is { } channelId)
        {
            completeFields.Add(new("channel_id", channelId));
            if (upload.ThreadTs is { } threadTs)
            {
                completeFields.Add(new("thread_ts", threadTs));
            }
        }

        if (upload.InitialComment is { } comment)
        {
            completeFields.Add(new("initial_comment", comment));
        }

        var completed = await PostFormAsync("files.completeUploadExternal", completeFields, SlackJsonContext.Default.CompleteUploadResponse, cancellationToken).ConfigureAwait(false);
        return completed.Files is [var first, ..] ? first : files[0];
    }

    /// <summary><c>files.delete</c>: removes a file the bot uploaded, and with it the message that only shared it.</summary>
    public Task<EmptyResponse> DeleteFileAsync(string fileId, CancellationToken cancellationToken) =>
        PostFormAsync("files.delete", [new("file", fileId)], SlackJsonContext.Default.EmptyResponse, cancellationToken);
}

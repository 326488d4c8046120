using System.Reflection;
using DiffusionBot.Playground.Messages;
using Microsoft.AspNetCore.Http;

namespace DiffusionBot.Playground.Api;

/// <summary>The page, its script and style (embedded in the assembly), and the images messages hold.</summary>
internal static class PageEndpoints
{
    public static IResult Asset(string name, string contentType)
    {
        using var stream = typeof(PageEndpoints).Assembly.GetManifestResourceStream("Playground." + name)
            ?? throw new InvalidOperationException($"The playground asset {name} is missing from {Assembly.GetExecutingAssembly().GetName().Name}.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return Results.Bytes(memory.ToArray(), contentType);
    }

    public static IResult Image(long messageId, int index, PlaygroundMessageStore store, HttpContext context)
    {
        var picture = store.Picture(messageId, index);
        if (picture is null)
        {
            return Results.NotFound();
        }

        // Previews change under the same id: the URL carries the revision, and the browser asks again each time.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Bytes(picture.Bytes, picture.ContentType);
    }
}

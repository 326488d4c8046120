namespace DiffusionBot.Discord.Rest.RateLimits;

/// <summary>
/// What a request is for rate limiting: method, endpoint template and the top-level resource (channel, guild,
/// webhook) it touches. <see cref="ToString"/> is the template, safe to log; the path itself may hold a token.
/// </summary>
/// <param name="IsInteraction">Interaction callback and interaction webhook routes: no Authorization header, no global limit.</param>
internal sealed record Route(HttpMethod Method, string Template, string MajorParameter = "", bool IsInteraction = false)
{
    /// <summary>Routes that share this key share a bucket until Discord names the bucket.</summary>
    public string Key => $"{Method.Method} {Template} {MajorParameter}";

    /// <summary>The part of the key that Discord's bucket hash stands for.</summary>
    public string TemplateKey => $"{Method.Method} {Template}";

    public override string ToString() => TemplateKey;
}

namespace DiffusionBot.Slack.Mapping;

/// <summary>
/// Slack sends the three characters its formatting uses as HTML entities (&amp;amp;, &amp;lt;, &amp;gt;;
/// api.slack.com/reference/surfaces/formatting#escaping), so a typed <c>&lt;lora:name:0.8&gt;</c>
/// arrives as <c>&amp;lt;lora:name:0.8&amp;gt;</c>; prompts are parsed from the text as the user typed it.
/// </summary>
internal static class SlackEntities
{
    public static string Decode(string text) =>
        text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
}

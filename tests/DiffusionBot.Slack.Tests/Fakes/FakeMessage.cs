using System.Text.Json;

namespace DiffusionBot.Slack.Tests.Fakes;

/// <summary>A message the fake Slack holds: posted, edited, deleted, or created by a shared upload.</summary>
internal sealed class FakeMessage(string channel, string ts, string? threadTs)
{
    public string Channel { get; } = channel;

    public string Ts { get; } = ts;

    public string? ThreadTs { get; } = threadTs;

    public string? Text { get; set; }

    public JsonElement? Blocks { get; set; }

    public List<(string Id, string Name)> Files { get; } = [];

    public bool Deleted { get; set; }

    /// <summary>False for a message a person wrote (<see cref="FakeSlack.PostAsUser"/>): the bot may not edit it.</summary>
    public bool PostedByBot { get; init; } = true;

    /// <summary>Every text and block set it had, in order (previews show up here).</summary>
    public List<string> History { get; } = [];
}

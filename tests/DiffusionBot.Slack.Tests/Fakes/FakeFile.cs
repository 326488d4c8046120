namespace DiffusionBot.Slack.Tests.Fakes;

/// <summary>A file the fake holds: uploaded, completed once, shared (a moment later) into a conversation, maybe deleted.</summary>
internal sealed class FakeFile(string id, string name)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public bool Completed { get; set; }

    /// <summary>The conversation it was shared into, once the share has landed.</summary>
    public string? SharedIn { get; set; }

    /// <summary>The thread it was shared into, once the share has landed.</summary>
    public string? SharedInThread { get; set; }

    public bool Deleted { get; set; }
}

namespace DiffusionBot.Discord.Gateway;

/// <summary>What survives a reconnect: the session id, where to resume, and the last sequence number seen.</summary>
internal sealed class GatewaySession
{
    private readonly Lock _lock = new();
    private string? _sessionId;
    private string? _resumeGatewayUrl;
    private long? _sequence;

    public string? SessionId
    {
        get { lock (_lock) { return _sessionId; } }
    }

    public string? ResumeGatewayUrl
    {
        get { lock (_lock) { return _resumeGatewayUrl; } }
    }

    /// <summary>The last non-null <c>s</c>; sent in heartbeats and Resume.</summary>
    public long? Sequence
    {
        get { lock (_lock) { return _sequence; } }
    }

    public bool CanResume
    {
        get { lock (_lock) { return _sessionId is not null && _resumeGatewayUrl is not null; } }
    }

    public void Start(string sessionId, string resumeGatewayUrl)
    {
        lock (_lock)
        {
            _sessionId = sessionId;
            _resumeGatewayUrl = resumeGatewayUrl;
        }
    }

    public void Observe(long sequence)
    {
        lock (_lock)
        {
            if (_sequence is null || sequence > _sequence)
            {
                _sequence = sequence;
            }
        }
    }

    /// <summary>The session cannot be resumed: the next connection identifies afresh.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _sessionId = null;
            _resumeGatewayUrl = null;
            _sequence = null;
        }
    }
}

namespace DiffusionBot.Chat.Jobs;

/// <summary>Names this process as a lease owner: host, process id and a random part (pids are reused).</summary>
public sealed class WorkerIdentity
{
    public string Name { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
}

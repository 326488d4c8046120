using System.Collections.Concurrent;

namespace DiffusionBot.Slack.Replies;

/// <summary>
/// The preview files each status message's thread still holds, oldest first: the newest is the one people look at, every
/// older one is due for deletion, and all go once the result (or an error) arrives.
/// </summary>
internal sealed class PreviewFiles
{
    private readonly ConcurrentDictionary<string, List<string>> _files = new(StringComparer.Ordinal);

    /// <summary>Records <paramref name="fileId"/> as the newest preview of <paramref name="messageKey"/>; returns the older ones.</summary>
    public IReadOnlyList<string> Add(string messageKey, string fileId)
    {
        var files = _files.GetOrAdd(messageKey, static _ => []);
        lock (files)
        {
            var older = files.ToArray();
            files.Add(fileId);
            return older;
        }
    }

    /// <summary>Forgets one deleted file.</summary>
    public void Remove(string messageKey, string fileId)
    {
        if (_files.TryGetValue(messageKey, out var files))
        {
            lock (files)
            {
                files.Remove(fileId);
            }
        }
    }

    /// <summary>Takes every file recorded for <paramref name="messageKey"/>, e.g. when the result arrives.</summary>
    public IReadOnlyList<string> TakeAll(string messageKey)
    {
        if (!_files.TryRemove(messageKey, out var files))
        {
            return [];
        }

        lock (files)
        {
            return files.ToArray();
        }
    }
}

using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Storage;

namespace DiffusionBot.Benchmarks.Quota;

/// <summary>
/// The channel's usage ledger after the run, held against what the callers were told and against the exact
/// outcome of the limits: with one image a request, a request is granted exactly when the channel and its user
/// both have room, so the channel ends holding min(channel limit, Σ over users of min(attempts, user limit)).
/// </summary>
internal sealed record QuotaLedger(
    int ChannelLimit,
    int UserLimit,
    int Users,
    int ExpectedImages,
    int LedgerImages,
    int GrantedAnswers,
    int GrantedNotInLedger,
    int LedgerNotAnsweredGranted,
    int MostImagesOneUser,
    int Errors,
    string Method)
{
    public static QuotaLedger Check(QuotaRun run, IReadOnlyList<QuotaAttempt> attempts)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(attempts);
        var rows = Read(run);
        var ledgerIds = rows.Select(r => r.RequestId).ToHashSet(StringComparer.Ordinal);
        var granted = attempts.Where(a => a.Granted).Select(a => a.RequestId).ToHashSet(StringComparer.Ordinal);
        var possible = attempts.GroupBy(a => a.UserId).Sum(user => Math.Min(user.Count(), run.UserLimit));
        return new QuotaLedger(
            run.ChannelLimit,
            run.UserLimit,
            run.Users,
            Math.Min(run.ChannelLimit, possible),
            rows.Sum(r => r.Images),
            granted.Count,
            granted.Count(id => !ledgerIds.Contains(id)),
            ledgerIds.Count(id => !granted.Contains(id)),
            rows.GroupBy(r => r.UserId).Select(user => user.Sum(r => r.Images)).DefaultIfEmpty(0).Max(),
            attempts.Count(a => a.Error is not null),
            "After every process exited, the unreleased rows of dbot_quota_usage for the channel are read: their images summed (ledger_images), "
            + "held against min(channel limit, Σ over users of min(their attempts, user limit)) (expected_images, exact because every request is 1 image), "
            + "against the request ids the callers were told were granted (both differences must be empty), and per user against the user limit.");
    }

    private static List<(string RequestId, string UserId, int Images)> Read(QuotaRun run)
    {
        var database = new BotDatabase(new JobsOptions { Storage = run.Storage, ConnectionString = run.Connection });
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT request_id, user_id, images FROM dbot_quota_usage WHERE platform = @p AND workspace_id = @w AND channel_id = @c AND released = 0";
        foreach (var (name, value) in new[] { ("@p", QuotaRun.Channel.Platform), ("@w", QuotaRun.Channel.WorkspaceId), ("@c", QuotaRun.Channel.ChannelId) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        using var reader = command.ExecuteReader();
        var rows = new List<(string, string, int)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return rows;
    }
}

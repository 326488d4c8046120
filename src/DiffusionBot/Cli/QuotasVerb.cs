using System.Globalization;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Quotas;
using DiffusionBot.Chat.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Cli;

/// <summary><c>quotas</c>: every channel and server/workspace with a quota or usage, its limits, usage and last change.</summary>
internal static class QuotasVerb
{
    public static int Run(CliArguments args, IConfiguration configuration)
    {
        args.RejectUnknown("quotas");
        var jobs = new JobsOptions();
        configuration.GetSection(JobsOptions.SectionName).Bind(jobs);
        var quotaOptions = new QuotaOptions();
        configuration.GetSection(QuotaOptions.SectionName).Bind(quotaOptions);
        var store = new QuotaStore(new BotDatabase(jobs), Options.Create(quotaOptions), TimeProvider.System);
        var scopes = store.Scopes();
        Console.WriteLine($"default: {quotaOptions.DefaultPolicy().Describe()}");
        foreach (var scope in scopes)
        {
            var (policy, source) = store.Resolve(scope);
            var where = scope.IsWorkspace ? $"{scope.Platform} {scope.WorkspaceId} (server/workspace default)" : $"{scope.Platform} {scope.WorkspaceId} #{scope.ChannelId}";
            var line = $"{where}: {policy.Describe()} ({source})";
            if (!scope.IsWorkspace && policy.Images is { } images)
            {
                var usage = store.Usage(scope, "", policy.Window);
                line += string.Create(CultureInfo.InvariantCulture, $"; used {usage.Channel} of {images} in the last {QuotaDuration.Format(policy.Window)}");
            }

            if (store.LastChange(scope) is { } last && last.Scope == scope)
            {
                line += string.Create(CultureInfo.InvariantCulture, $"; last change {last.At:yyyy-MM-dd HH:mm} UTC by {last.UserName}: {last.Before} → {last.After}");
            }

            Console.WriteLine(line);
        }

        if (scopes.Count == 0)
        {
            Console.WriteLine("No channel has a quota or usage yet.");
        }

        return 0;
    }
}

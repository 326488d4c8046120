using DiffusionBot.Chat.Jobs;
using Hangfire.Common;
using Hangfire.Dashboard;

namespace DiffusionBot;

/// <summary>The dashboard's name for a job: a render job is named after the request bound to it (see <see cref="JobLabels"/>).</summary>
internal static class JobDisplayName
{
    public static Func<DashboardContext, Job, string> For(IServiceProvider services)
    {
        var labels = services.GetRequiredService<JobLabels>();
        return (_, job) =>
        {
            try
            {
                return labels.Describe(job);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or System.Text.Json.JsonException)
            {
                // The page still renders when the database hiccups; the method name is the honest fallback.
                return $"{job.Type.Name}.{job.Method.Name}";
            }
        };
    }
}

using DiffusionBot.Chat.Jobs;
using DiffusionBot.Discord;
using DiffusionBot.Health;
using DiffusionBot.Playground;
using DiffusionBot.Slack.Hosting;
using DiffusionBot.Slack.Http;
using DiffusionBot.Telemetry;
using Hangfire;

namespace DiffusionBot;

/// <summary>The long-running bot: chat adapters, dispatcher and web (role <c>chat</c>) and/or GPU jobs (role <c>worker</c>).</summary>
internal static class BotHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static async Task<int> RunAsync(string[] args)
    {
        var app = Build(args);
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.Sources.Clear();
        HostConfiguration.Add(builder.Configuration, args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var roles = BotRoles.From(builder.Configuration);
        var engine = EngineConfiguration.Read(builder.Configuration);
        EngineConfiguration.EnsureAModel(engine.ModelsPath);
        builder.Services.AddChatJobs(builder.Configuration, runWorker: roles.Worker);

        // Every role registers the playground's reply (a worker posts playground results); only chat serves the page.
        builder.Services.AddPlayground(builder.Configuration);

        // Every role registers Slack's reply too; only chat listens (Socket Mode) or serves the request URLs (HTTP mode).
        builder.Services.AddSlackAdapter(builder.Configuration);
        if (roles.Chat)
        {
            builder.Services.AddSlackListener();
        }

        // Every role registers Discord's reply; the gateway runs only in the chat role, and only with Discord:Token set.
        builder.Services.AddDiscordAdapter(builder.Configuration, runGateway: roles.Chat);
        builder.Services.AddBotTelemetry(builder.Configuration);
        builder.Services.AddReadinessChecks(roles);
        var app = builder.Build();
        app.MapHealthEndpoints();
        app.MapBotTelemetry();
        if (roles.Chat)
        {
            var dashboard = new DashboardAuthorization(builder.Configuration["Dashboard:Password"]);
            app.UseHangfireDashboard("/hangfire", new DashboardOptions
            {
                Authorization = [dashboard],
                IsReadOnlyFunc = dashboard.IsReadOnly,
                DisplayStorageConnectionString = false,
                DisplayNameFunc = JobDisplayName.For(app.Services),
            });
            app.MapPlayground();
            app.MapSlack();
        }

        if (roles.Chat)
        {
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                foreach (var url in app.Urls)
                {
                    app.Logger.Ready(url.TrimEnd('/') + "/");
                }
            });
        }

        return app;
    }
}

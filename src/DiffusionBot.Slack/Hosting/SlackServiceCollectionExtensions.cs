using DiffusionBot.Chat;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Downloads;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Slack.Http;
using DiffusionBot.Slack.Mapping;
using DiffusionBot.Slack.Replies;
using DiffusionBot.Slack.SocketMode;
using DiffusionBot.Slack.WebApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Slack.Hosting;

/// <summary>Registers the Slack adapter.</summary>
public static class SlackServiceCollectionExtensions
{
    /// <summary>How long one Web API call may take.</summary>
    public static readonly TimeSpan WebApiTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Adds the Slack adapter's options (validated at boot when Slack is switched on), Web API client, reply and mapping.
    /// Call it in every process, workers included: a worker answers Slack requests through the <see cref="IChatReply"/>
    /// registered here. Everything is registered with <c>TryAdd</c>, so a host or a test can replace any part.
    /// </summary>
    public static IServiceCollection AddSlackAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SlackOptions>().Bind(configuration.GetSection(SlackOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PromptFlagParser>();

        // Transport.
        services.TryAddSingleton(sp => new SlackWebApiClient(
            new HttpClient { Timeout = WebApiTimeout },
            sp.GetRequiredService<IOptions<SlackOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SlackWebApiClient>>()));
        services.AddOptions<DownloadOptions>().Bind(configuration.GetSection(DownloadOptions.SectionName));
        services.TryAddSingleton(sp => new GuardedImageDownloader(new HttpClient(
            DownloadHandler.Create(sp.GetRequiredService<IOptions<DownloadOptions>>().Value.AllowPrivateAddresses))
        { Timeout = WebApiTimeout }));
        services.TryAddSingleton<SlackFileDownloader>();
        services.TryAddSingleton<SlackRequestVerifier>();
        services.TryAddSingleton<ISocketConnector>(sp =>
        {
            var slack = sp.GetRequiredService<IOptions<SlackOptions>>().Value;
            return new ClientWebSocketConnector(TimeSpan.FromSeconds(slack.SocketPingIntervalSeconds), TimeSpan.FromSeconds(slack.SocketPongTimeoutSeconds));
        });
        services.TryAddSingleton<IReconnectStrategy>(new BackoffReconnectStrategy());
        services.TryAddTransient<SlackSocketModeClient>();

        // Mapping and reply.
        services.TryAddSingleton<SlackAdmins>();
        services.TryAddSingleton<SlackCommandMapper>();
        services.TryAddSingleton<ISocketEnvelopeHandler, SlackEnvelopeHandler>();
        services.TryAddSingleton<SlackBackgroundWork>();
        services.TryAddKeyedSingleton<IChatReply, SlackReply>(ChatPlatform.Slack);
        return services;
    }

    /// <summary>
    /// Adds the Socket Mode listener. Call it in the chat process only (and map <see cref="SlackEndpoints.MapSlack"/> there for
    /// HTTP mode); it does nothing, after one log line, when Slack is not configured.
    /// </summary>
    public static IServiceCollection AddSlackListener(this IServiceCollection services)
    {
        services.AddHostedService<SlackSocketModeService>();
        services.TryAddSingleton<SocketModeStatus>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAdapterReadiness, SocketModeStatus>(sp => sp.GetRequiredService<SocketModeStatus>()));
        return services;
    }
}

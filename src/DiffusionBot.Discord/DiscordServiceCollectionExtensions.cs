using DiffusionBot.Chat;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Downloads;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Discord.Gateway;
using DiffusionBot.Discord.Hosting;
using DiffusionBot.Discord.Mapping;
using DiffusionBot.Discord.Replies;
using DiffusionBot.Discord.Rest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord;

/// <summary>Composes the Discord adapter: wire, transport, mapping and reply.</summary>
public static class DiscordServiceCollectionExtensions
{
    /// <summary>How long one attachment download may take.</summary>
    public static readonly TimeSpan DownloadTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Adds the Discord adapter. Call it in every process: workers post results through the <see cref="IChatReply"/>
    /// registered here. The gateway runs only when <paramref name="runGateway"/> is set (the chat role) and
    /// <c>Discord:Token</c> is configured; only then is the section validated at start-up.
    /// </summary>
    public static IServiceCollection AddDiscordAdapter(this IServiceCollection services, IConfiguration configuration, bool runGateway = true)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(DiscordOptions.SectionName);
        var enabled = !string.IsNullOrWhiteSpace(section[nameof(DiscordOptions.Token)]);
        services.AddOptions<DiscordOptions>().Bind(section);
        if (enabled)
        {
            services.AddOptionsWithValidateOnStart<DiscordOptions, DiscordOptionsValidator>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscordOptions>, DiscordOptionsCustomValidator>());
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PromptFlagParser>();
        services.TryAddSingleton(sp => new DiscordRestClient(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }),
            sp.GetRequiredService<IOptions<DiscordOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DiscordRestClient>>()));
        services.AddOptions<DownloadOptions>().Bind(configuration.GetSection(DownloadOptions.SectionName));
        services.TryAddSingleton(sp => new GuardedImageDownloader(new HttpClient(
            DownloadHandler.Create(sp.GetRequiredService<IOptions<DownloadOptions>>().Value.AllowPrivateAddresses))
        { Timeout = DownloadTimeout }));
        services.TryAddSingleton<ChannelAccess>();
        services.TryAddKeyedSingleton<IChatReply, DiscordReply>(ChatPlatform.Discord);
        services.TryAddSingleton<ImagineCommand>();
        services.TryAddSingleton<ImagineAutocomplete>();
        services.TryAddSingleton<CommandRegistrar>();
        services.TryAddSingleton<DiscordEventHandler>();
        services.TryAddSingleton<IGatewayDispatchHandler>(sp => sp.GetRequiredService<DiscordEventHandler>());
        services.TryAddSingleton<IGatewayConnection, WebSocketGatewayConnection>();
        services.TryAddSingleton<IReconnectStrategy>(_ => new BackoffReconnectStrategy());
        services.TryAddSingleton(sp => new DiscordGatewayClient(
            sp.GetRequiredService<IGatewayConnection>(),
            sp.GetRequiredService<DiscordRestClient>(),
            sp.GetRequiredService<IGatewayDispatchHandler>(),
            sp.GetRequiredService<IReconnectStrategy>(),
            sp.GetRequiredService<IOptions<DiscordOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DiscordGatewayClient>>()));
        if (enabled && runGateway)
        {
            services.AddHostedService<DiscordGatewayService>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IAdapterReadiness, DiscordReadiness>());
        }
        else if (runGateway)
        {
            services.AddHostedService<DiscordOffNotice>();
        }

        return services;
    }
}

using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Playground.Api;
using DiffusionBot.Playground.Messages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DiffusionBot.Playground;

/// <summary>Registers the playground's reply, message store and endpoint services.</summary>
public static class PlaygroundServiceCollectionExtensions
{
    /// <summary>
    /// Adds the playground. Call it in every process, workers included: a worker answers playground requests through
    /// the <see cref="IChatReply"/> registered here even when it serves no page.
    /// </summary>
    public static IServiceCollection AddPlayground(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PlaygroundOptions>().Bind(configuration.GetSection(PlaygroundOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PlaygroundMessageStore>();
        services.TryAddSingleton<PromptFlagParser>();
        services.TryAddSingleton<ChatCommandReader>();
        services.TryAddSingleton<PlaygroundChannel>();
        services.TryAddKeyedSingleton<IChatReply, PlaygroundReply>(ChatPlatform.Playground);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, PlaygroundJsonContext.Default));
        return services;
    }
}

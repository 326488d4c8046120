using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Replies;
using Microsoft.Extensions.DependencyInjection;

namespace DiffusionBot.Chat.Jobs;

internal sealed class KeyedChatReplyRouter(IServiceProvider services) : IChatReplyRouter
{
    public IChatReply For(ChatPlatform platform) => services.GetRequiredKeyedService<IChatReply>(platform);
}

using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Replies;

namespace DiffusionBot.Chat.Jobs;

/// <summary>Finds the reply channel of a platform; each adapter registers its <see cref="IChatReply"/> under its platform key.</summary>
public interface IChatReplyRouter
{
    IChatReply For(ChatPlatform platform);
}

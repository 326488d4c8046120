using DiffusionBot.Chat.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DiffusionBot.TestSupport;

/// <summary>Reads the bot's request table directly, for assertions about what a delivery queued.</summary>
internal static class StoredRequests
{
    /// <summary>The ids of the requests made from result <paramref name="parentId"/> (variations, rerolls, img2img).</summary>
    public static List<string> ChildrenOf(IServiceProvider services, string parentId)
    {
        using var connection = services.GetRequiredService<BotDatabase>().Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM dbot_requests WHERE parent_id = @p";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@p";
        parameter.Value = parentId;
        command.Parameters.Add(parameter);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}

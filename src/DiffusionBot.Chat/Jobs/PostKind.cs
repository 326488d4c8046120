namespace DiffusionBot.Chat.Jobs;

/// <summary>The side effects of a job that must happen exactly once, as recorded in the post ledger.</summary>
internal static class PostKind
{
    public const string Result = "result";
    public const string Error = "error";
}

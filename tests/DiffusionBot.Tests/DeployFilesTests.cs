using System.Text.RegularExpressions;

namespace DiffusionBot.Tests;

/// <summary>deploy/docker-compose.yml takes every secret from deploy/.env, and the committed example holds none.</summary>
public sealed partial class DeployFilesTests
{
    private static readonly string[] Secrets = ["POSTGRES_PASSWORD", "DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "PLAYGROUND_PASSWORD", "DASHBOARD_PASSWORD"];

    [Fact]
    public void EnvExample_ListsEveryVariableTheComposeFileReads_AndLeavesEverySecretEmpty()
    {
        var compose = File.ReadAllText(Path.Combine(Root(), "deploy", "docker-compose.yml"));
        var example = File.ReadAllLines(Path.Combine(Root(), "deploy", ".env.example"))
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.TrimStart().StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim());

        var used = Variable().Matches(compose).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.All(used, name => Assert.True(example.ContainsKey(name), $"{name} is read by the compose file but missing from .env.example"));
        Assert.All(Secrets, name => Assert.Equal("", example[name]));
        Assert.All(Secrets, name => Assert.Contains("${" + name, compose, StringComparison.Ordinal));
    }

    [Fact]
    public void Compose_ReservesAnNvidiaGpuForWorkers_AndRunsOneChatProcess()
    {
        var compose = File.ReadAllText(Path.Combine(Root(), "deploy", "docker-compose.yml"));

        Assert.Matches(@"worker:[\s\S]*Roles: worker[\s\S]*deploy:\s+resources:\s+reservations:\s+devices:\s+- driver: nvidia", compose);
        Assert.Matches(@"chat:[\s\S]*Roles: chat", compose);
        Assert.Matches(@"Jobs__Storage: postgresql", compose);
    }

    private static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DiffusionBot.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (DiffusionBot.sln) was not found above the test's folder.");
    }

    [GeneratedRegex(@"\$\{([A-Z_][A-Z0-9_]*)")]
    private static partial Regex Variable();
}

using Microsoft.Extensions.Configuration;

namespace DiffusionBot;

/// <summary>
/// appsettings.json beside the executable (the embedded defaults), then the one in the working
/// directory (the repo root's), then environment variables (<c>Discord__Token</c>), then the command line.
/// </summary>
internal static class HostConfiguration
{
    public static IConfigurationRoot Build(string[] args) => Add(new ConfigurationBuilder(), args).Build();

    public static IConfigurationBuilder Add(IConfigurationBuilder builder, string[] args) => builder
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=')).ToArray());
}

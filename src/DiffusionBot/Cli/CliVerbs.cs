using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using Microsoft.Extensions.Configuration;

namespace DiffusionBot.Cli;

/// <summary>Runs a CLI verb; prints one line and returns non-zero on any error a user can cause.</summary>
internal static class CliVerbs
{
    public static readonly string[] Names = ["imagine", "models", "tokenize", "forge", "quotas", "slack-manifest"];

    public static int Run(string[] args, IConfiguration configuration)
    {
        try
        {
            var rest = args.Skip(1);
            return args[0] switch
            {
                "imagine" => ImagineVerb.Run(new CliArguments(rest), configuration),
                "models" => ModelsVerb.Run(new CliArguments(rest), configuration),
                "tokenize" => TokenizeVerb.Run(new CliArguments(rest)),
                "forge" => ForgeVerb.Run(new CliArguments(rest), configuration),
                "quotas" => QuotasVerb.Run(new CliArguments(rest), configuration),
                "slack-manifest" => SlackManifestVerb.Run(new CliArguments(rest)),
                _ => throw new CliUsageException($"Unknown verb '{args[0]}'; use one of {string.Join(", ", Names)}."),
            };
        }
        catch (Exception e) when (e is CliUsageException or ModelFolderException or InvalidRequestException or InvalidImageException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return e is CliUsageException ? 2 : 1;
        }
    }
}

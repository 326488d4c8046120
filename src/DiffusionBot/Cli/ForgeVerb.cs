using DiffusionBot.Diffusion.Forge;
using Microsoft.Extensions.Configuration;

namespace DiffusionBot.Cli;

/// <summary><c>forge [--out DIR]</c>: writes the demo model (default: the models folder's <c>demo</c>).</summary>
internal static class ForgeVerb
{
    public static int Run(CliArguments args, IConfiguration configuration)
    {
        var options = EngineConfiguration.Read(configuration);
        var folder = args.String("out") ?? Path.Combine(options.ModelsPath, "demo");
        args.RejectUnknown("forge");
        DemoModelForge.Write(folder);
        Console.WriteLine($"Wrote the demo model to {Path.GetFullPath(folder)}.");
        return 0;
    }
}

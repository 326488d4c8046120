using Microsoft.Extensions.Configuration;

namespace DiffusionBot.Cli;

/// <summary><c>models</c>: each model folder with the I/O its sessions declare.</summary>
internal static class ModelsVerb
{
    public static int Run(CliArguments args, IConfiguration configuration)
    {
        args.RejectUnknown("models");
        var options = EngineConfiguration.Read(configuration);
        using var catalog = EngineConfiguration.OpenCatalog(options);
        var names = catalog.Names();
        if (names.Count == 0)
        {
            Console.WriteLine($"No models in {Path.GetFullPath(catalog.Root)}.");
            return 0;
        }

        var failures = 0;
        foreach (var name in names)
        {
            Console.WriteLine(name);
            try
            {
                foreach (var line in catalog.Open(name).Describe())
                {
                    Console.WriteLine($"  {line}");
                }
            }
            catch (Diffusion.Models.ModelFolderException e)
            {
                Console.WriteLine($"  unusable: {e.Message}");
                failures++;
            }
        }

        return failures == 0 ? 0 : 1;
    }
}

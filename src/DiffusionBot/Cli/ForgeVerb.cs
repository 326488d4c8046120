using DiffusionBot.Diffusion.Forge;
using Microsoft.Extensions.Configuration;

namespace DiffusionBot.Cli;

/// <summary>
/// <c>forge [--out DIR] [--arch sd15 [--width-div N] [--seed S] [--precision fp32|fp16] [--baked DIR] | --arch sdxl [--width-div N] [--seed S] [--precision fp32|fp16] | --arch upscaler]</c>:
/// writes the demo model (default: the models folder's <c>demo</c>), SD 1.5's or SDXL's real architecture with random weights, or a ×4 ONNX
/// upscaler with a fixed bilinear kernel into the upscalers folder. With
/// <c>--baked</c>, the architecture also gets random kohya and PEFT LoRAs in its <c>loras/</c>, and DIR
/// the same model with those deltas baked into its weights.
/// </summary>
internal static class ForgeVerb
{
    private const string UpscalerArchitecture = "upscaler";

    public static int Run(CliArguments args, IConfiguration configuration)
    {
        var options = EngineConfiguration.Read(configuration);
        var arch = args.String("arch");
        if (arch is null)
        {
            var folder = args.String("out") ?? Path.Combine(options.ModelsPath, DemoModelForge.DefaultFolderName);
            args.RejectUnknown("forge");
            DemoModelForge.Write(folder);
            Console.WriteLine($"Wrote the demo model to {Path.GetFullPath(folder)}.");
            return 0;
        }

        if (arch == UpscalerArchitecture)
        {
            var file = args.String("out") ?? Path.Combine(options.UpscalersPath, UpscalerForge.Name + ".onnx");
            args.RejectUnknown("forge");
            UpscalerForge.Write(file);
            Console.WriteLine($"Wrote the ×{UpscalerForge.Factor} upscaler to {Path.GetFullPath(file)}.");
            return 0;
        }

        if (arch != Sd15ModelForge.ArchitectureName && arch != SdxlModelForge.ArchitectureName)
        {
            throw new CliUsageException($"--arch must be {Sd15ModelForge.ArchitectureName}, {SdxlModelForge.ArchitectureName} or {UpscalerArchitecture}, not '{arch}'.");
        }

        var divisor = args.Int("width-div") ?? 1;
        var seed = args.Int("seed") ?? TinyModelOptions.DefaultSeed;
        var name = divisor == 1 ? arch : $"{arch}-w{divisor}";
        var target = args.String("out") ?? Path.Combine(options.ModelsPath, name);
        var baked = args.String("baked");
        var half = args.String("precision") switch
        {
            null or "fp32" => false,
            "fp16" => true,
            var other => throw new CliUsageException($"--precision must be fp32 or fp16, not '{other}'."),
        };
        args.RejectUnknown("forge");
        try
        {
            if (arch == SdxlModelForge.ArchitectureName)
            {
                if (baked is not null)
                {
                    throw new CliUsageException("--baked is for --arch sd15 only.");
                }

                SdxlModelForge.Write(target, divisor, seed, half);
                Console.WriteLine($"Wrote SDXL's architecture (width / {divisor}, random weights) to {Path.GetFullPath(target)}.");
                return 0;
            }

            if (baked is null)
            {
                Sd15ModelForge.Write(target, divisor, seed, half);
            }
            else
            {
                Sd15LoraForge.Write(target, baked, divisor, seed);
                Console.WriteLine($"Wrote LoRAs {Sd15LoraForge.KohyaName} and {Sd15LoraForge.PeftName} to {Path.GetFullPath(Path.Combine(target, "loras"))} and the model with them baked in to {Path.GetFullPath(baked)}.");
            }
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new CliUsageException($"--width-div {divisor}: {e.Message.Split(" (Parameter")[0]}");
        }

        Console.WriteLine($"Wrote SD 1.5's architecture (width / {divisor}, random weights) to {Path.GetFullPath(target)}.");
        return 0;
    }
}

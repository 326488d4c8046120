using DiffusionBot.Diffusion.Pipeline;
using Microsoft.Extensions.Configuration;

namespace DiffusionBot.Cli;

/// <summary><c>imagine "&lt;prompt&gt;" [--negative] [--seed] [--steps] [--cfg] [--size WxH] [--sampler] [--model] [--init FILE --strength S] [--count N] [--out FILE]</c></summary>
internal static class ImagineVerb
{
    public static int Run(CliArguments args, IConfiguration configuration)
    {
        var options = EngineConfiguration.Read(configuration);
        if (args.Positional.Count != 1)
        {
            throw new CliUsageException("usage: imagine \"<prompt>\" [--negative TEXT] [--seed N] [--steps N] [--cfg X] [--size WxH] [--sampler NAME] [--model NAME] [--init FILE --strength S] [--count N] [--out FILE]");
        }

        var size = ParseSize(args.String("size"));
        var init = args.String("init");
        var (negative, seed, steps, cfg, sampler) = (args.String("negative"), args.Long("seed"), args.Int("steps"), args.Float("cfg"), args.String("sampler"));
        var (count, strength, modelName, output) = (args.Int("count"), args.Float("strength"), args.String("model") ?? options.DefaultModel, args.String("out"));
        args.RejectUnknown("imagine");

        using var catalog = EngineConfiguration.OpenCatalog(options);
        var pipeline = new DiffusionPipeline(catalog.Open(modelName), options);

        // What the user set, else the model's own defaults (diffusionbot.json or its detected family), else the engine's.
        var defaults = pipeline.Model.Defaults;
        var request = new GenerationRequest
        {
            Prompt = args.Positional[0],
            NegativePrompt = negative ?? defaults.NegativePrompt ?? "",
            Seed = seed ?? Random.Shared.NextInt64(0, uint.MaxValue),
            Steps = steps ?? defaults.Steps ?? options.DefaultStepCount,
            GuidanceScale = cfg ?? defaults.Guidance ?? options.DefaultGuidanceScale,
            Width = size?.Width ?? defaults.Width ?? Diffusion.EngineOptions.DefaultSize,
            Height = size?.Height ?? defaults.Height ?? Diffusion.EngineOptions.DefaultSize,
            Sampler = sampler ?? defaults.Sampler,
            Count = count ?? 1,
            InitImage = init is null ? null : ReadInit(init, options.MaxInputBytes),
            Strength = strength ?? 0.75f,
        };
        output ??= $"imagine-{request.Seed}.png";
        var result = pipeline.Generate(request);
        for (var i = 0; i < result.Images.Count; i++)
        {
            var path = i == 0 ? output : Path.ChangeExtension(output, null) + $"-{i + 1}.png";
            File.WriteAllBytes(path, result.Images[i].Png);
            Console.WriteLine($"{path}\tseed {result.Images[i].Seed}{(result.Images[i].NsfwFlagged ? "\tflagged by the safety checker" : "")}");
        }

        if (result.DroppedTokens > 0)
        {
            Console.Error.WriteLine($"note: the prompt was {result.DroppedTokens} token(s) too long; the end was ignored.");
        }

        Console.Error.WriteLine($"{result.Model} {result.Sampler} {result.Steps} steps {result.Width}x{result.Height} in {result.Elapsed.TotalSeconds:0.00} s on {pipeline.Model.ProviderName}");
        return 0;
    }

    private static (int Width, int Height)? ParseSize(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.ToLowerInvariant().Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], out var w) && int.TryParse(parts[1], out var h))
        {
            return (w, h);
        }

        throw new CliUsageException($"--size must look like 512x768, not '{text}'.");
    }

    private static byte[] ReadInit(string path, int maxBytes)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"--init file '{path}' does not exist.");
        }

        if (new FileInfo(path).Length > maxBytes)
        {
            throw new CliUsageException($"--init file '{path}' is larger than the {maxBytes / (1024 * 1024)} MB limit.");
        }

        return File.ReadAllBytes(path);
    }
}

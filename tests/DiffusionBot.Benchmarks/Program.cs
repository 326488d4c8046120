using DiffusionBot.Benchmarks.Discord;
using DiffusionBot.Benchmarks.Engine;
using DiffusionBot.Benchmarks.ModelsMemory;
using DiffusionBot.Benchmarks.Quota;
using DiffusionBot.Benchmarks.Slack;
using DiffusionBot.Benchmarks.Spine;

// One verb per benchmark: `engine` (the pipeline itself), `engine-arch` (SD 1.5 architecture vs the ORT floor), `models-memory` (loading and unloading models), `spine` (the bot's request path), `quota` (reservations), `discord` and `slack` (the adapters' ack under a burst).
const string Usage = """
    usage: DiffusionBot.Benchmarks engine --json FILE [--generations N] [--size 512] [--steps 20] [--repeats N] [--model-folder DIR] [--device cpu|cuda|auto]
           DiffusionBot.Benchmarks engine-arch --json FILE [--width-div 4] [--size 256] [--steps 20] [--repeats 11] [--model-folder DIR] [--device cpu|cuda] [--cuda-graph false|true]
           DiffusionBot.Benchmarks lora-sessions --json FILE [--width-div 4] [--repeats 5]
           DiffusionBot.Benchmarks models-memory --json FILE [--generations 200] [--size 128] [--steps 4] [--tolerance-percent 5] [--width-div 8 (0: demo)]
           DiffusionBot.Benchmarks spine --json FILE [--storage sqlite|postgresql|both] [--commands 200] [--starts 200]
           DiffusionBot.Benchmarks quota --json FILE [--storage sqlite|postgresql|both] [--processes 4] [--concurrency 8] [--reservations 25]
           DiffusionBot.Benchmarks discord --json FILE [--interactions 200]
           DiffusionBot.Benchmarks slack --json FILE [--commands 200]
    Exit code: 0 when every target is met, 1 when one is missed (see the JSON's targets), 2 on a usage error.
    """;

switch (args)
{
    case ["engine", .. var rest]:
        if (EngineArguments.TryParse(rest, out var arguments, out var error))
        {
            return EngineBenchmark.Run(arguments);
        }

        Console.Error.WriteLine(error);
        Console.Error.WriteLine(Usage);
        return 2;
    case ["models-memory", .. var rest]:
        if (ModelsMemoryArguments.TryParse(rest, out var modelsMemory, out var modelsMemoryError))
        {
            return ModelsMemoryBenchmark.Run(modelsMemory);
        }

        Console.Error.WriteLine(modelsMemoryError);
        Console.Error.WriteLine(Usage);
        return 2;
    case [EngineArchBenchmark.Verb, .. var rest]:
        return EngineArchBenchmark.Run(rest);
    case [LoraSessionsBenchmark.Verb, .. var rest]:
        return LoraSessionsBenchmark.Run(rest);
    case ["spine", .. var rest]:
        if (SpineArguments.TryParse(rest, out var spine, out var spineError))
        {
            return await SpineBenchmark.RunAsync(spine);
        }

        Console.Error.WriteLine(spineError);
        Console.Error.WriteLine(Usage);
        return 2;
    case ["quota", .. var rest]:
        if (QuotaArguments.TryParse(rest, out var quota, out var quotaError))
        {
            return await QuotaBenchmark.RunAsync(quota);
        }

        Console.Error.WriteLine(quotaError);
        Console.Error.WriteLine(Usage);
        return 2;
    case [QuotaWorker.Verb, .. var rest]:
        // Hidden: one dispatcher process of the quota benchmark, started by it.
        return QuotaWorker.Run(rest);
    case ["discord", .. var rest]:
        if (DiscordArguments.TryParse(rest, out var discord, out var discordError))
        {
            return await DiscordBenchmark.RunAsync(discord);
        }

        Console.Error.WriteLine(discordError);
        Console.Error.WriteLine(Usage);
        return 2;
    case ["slack", .. var rest]:
        if (SlackArguments.TryParse(rest, out var slack, out var slackError))
        {
            return await SlackBenchmark.RunAsync(slack);
        }

        Console.Error.WriteLine(slackError);
        Console.Error.WriteLine(Usage);
        return 2;
    default:
        Console.Error.WriteLine(Usage);
        return 2;
}

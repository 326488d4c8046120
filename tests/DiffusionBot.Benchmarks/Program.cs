using DiffusionBot.Benchmarks.Engine;

// One verb per benchmark; `spine` (the bot's request path) will join `engine` here.
const string Usage = "usage: DiffusionBot.Benchmarks engine --json FILE [--generations N] [--size 512] [--steps 20] [--repeats N] [--model-folder DIR] [--device cpu|cuda|auto]";

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
    default:
        Console.Error.WriteLine(Usage);
        return 2;
}

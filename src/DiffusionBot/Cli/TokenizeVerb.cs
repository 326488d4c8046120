using System.Text.Json;
using DiffusionBot.Diffusion.Text;

namespace DiffusionBot.Cli;

/// <summary><c>tokenize --tokenizer DIR "&lt;text&gt;"</c>: the ids with BOS/EOS, no padding, as one JSON array.</summary>
internal static class TokenizeVerb
{
    public static int Run(CliArguments args)
    {
        var folder = args.String("tokenizer") ?? throw new CliUsageException("usage: tokenize --tokenizer DIR \"<text>\"");
        args.RejectUnknown("tokenize");
        if (args.Positional.Count != 1)
        {
            throw new CliUsageException("usage: tokenize --tokenizer DIR \"<text>\"");
        }

        var tokenizer = ClipTokenizer.FromDirectory(folder);
        Console.WriteLine(JsonSerializer.Serialize(tokenizer.Tokenize(args.Positional[0])));
        return 0;
    }
}

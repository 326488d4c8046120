using DiffusionBot;
using DiffusionBot.Cli;
using Microsoft.Extensions.Configuration;

var configuration = HostConfiguration.Build(args);
if (args.Length > 0 && CliVerbs.Names.Contains(args[0]))
{
    return CliVerbs.Run(args, configuration);
}

return await BotHost.RunAsync(args).ConfigureAwait(false);

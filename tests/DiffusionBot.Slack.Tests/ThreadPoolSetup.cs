using System.Runtime.CompilerServices;

namespace DiffusionBot.Slack.Tests;

internal static class ThreadPoolSetup
{
    /// <summary>
    /// CI machines have two cores: with the default minimum, a job rendering on one pool thread can
    /// starve the timers and sends these tests observe. More threads up front keeps them prompt.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize() => ThreadPool.SetMinThreads(16, 16);
}

using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Benchmarks.Engine;

/// <summary>Where the numbers were taken.</summary>
internal sealed record MachineReport(
    int ProcessorCount,
    string OsDescription,
    string OsArchitecture,
    string ProcessArchitecture,
    string Framework,
    string RuntimeIdentifier,
    bool ServerGc,
    string? OnnxRuntimeVersion)
{
    public static MachineReport Current() => new(
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.OSArchitecture.ToString(),
        RuntimeInformation.ProcessArchitecture.ToString(),
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.RuntimeIdentifier,
        System.Runtime.GCSettings.IsServerGC,
        typeof(InferenceSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
}

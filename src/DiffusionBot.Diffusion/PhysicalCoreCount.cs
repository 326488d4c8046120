using System.Globalization;

namespace DiffusionBot.Diffusion;

/// <summary>
/// Physical cores this process may use: hyper-threaded siblings share one core's arithmetic units,
/// so more intra-op threads than cores only add contention.
/// </summary>
internal static class PhysicalCoreCount
{
    private static readonly Lazy<int> Count = new(Read);

    public static int Get() => Count.Value;

    private static int Read()
    {
        var logical = Environment.ProcessorCount;
        try
        {
            var cores = new HashSet<(string Package, string Core)>();
            var package = "0";
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    continue;
                }

                var key = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (key == "physical id")
                {
                    package = value;
                }
                else if (key == "core id")
                {
                    cores.Add((package, value));
                }
            }

            // ProcessorCount already honours affinity and cgroup limits; the core count can only lower it.
            return cores.Count == 0 ? logical : Math.Clamp(cores.Count, 1, logical);
        }
        catch (IOException)
        {
            return logical;
        }
        catch (UnauthorizedAccessException)
        {
            return logical;
        }
    }
}

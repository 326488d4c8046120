using System.Runtime.InteropServices;

namespace DiffusionBot.Diffusion.Residency;

/// <summary>
/// Gives freed native heap pages back to the operating system after a model is unloaded. ONNX Runtime frees a
/// session's arena and weights with free(), but glibc keeps the pages in its arenas, so without a trim an unloaded
/// model would still count in the process's resident memory and the next load could land elsewhere.
/// </summary>
internal static class NativeHeap
{
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl and other C libraries have no malloc_trim; their RSS is what it is.
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}

namespace DiffusionBot.Benchmarks.Engine;

/// <summary>Process working set and the GC heap after a full, compacting collection.</summary>
internal sealed record MemorySnapshot(long WorkingSetBytes, long GcHeapBytes)
{
    public static MemorySnapshot Take()
    {
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        return new MemorySnapshot(Environment.WorkingSet, heap);
    }
}

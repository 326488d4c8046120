namespace DiffusionBot.Diffusion.Device;

/// <summary>
/// Counts host↔device copies of the values the denoising loop binds, by <see cref="TransferPhase"/>. On the CPU
/// provider "device" memory is host memory, but every host read or write of a bound value is still counted, so
/// the figure is the one the same loop would produce on a GPU.
/// </summary>
public sealed class TransferCounter
{
    private readonly long[] _copies = new long[Enum.GetValues<TransferPhase>().Length];
    private readonly long[] _bytes = new long[Enum.GetValues<TransferPhase>().Length];

    /// <summary>The phase the next copies are counted under; the loop sets it.</summary>
    public TransferPhase Phase { get; internal set; }

    public long Copies(TransferPhase phase) => Interlocked.Read(ref _copies[(int)phase]);

    public long Bytes(TransferPhase phase) => Interlocked.Read(ref _bytes[(int)phase]);

    public void Reset()
    {
        for (var i = 0; i < _copies.Length; i++)
        {
            Interlocked.Exchange(ref _copies[i], 0);
            Interlocked.Exchange(ref _bytes[i], 0);
        }
    }

    internal void Record(long bytes)
    {
        Interlocked.Increment(ref _copies[(int)Phase]);
        Interlocked.Add(ref _bytes[(int)Phase], bytes);
    }
}

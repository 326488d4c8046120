using DiffusionBot.Diffusion.Lora;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// One forged low-rank delta in torch's convention: delta[o, j] = Σ_r up[o, r]·down[r, j], with j
/// over in-features (linear) or in-channels × kernel (convolution, <see cref="Kernel"/> &gt; 0).
/// </summary>
internal sealed record ForgedLoraModule(LoraPart Part, string Module, string Initializer, int In, int Out, int Kernel, float[] Down, float[] Up)
{
    public int Rank => Down.Length / (In * Math.Max(Kernel * Kernel, 1));

    public long[] DownShape => Kernel > 0 ? [Rank, In, Kernel, Kernel] : [Rank, In];

    public long[] UpShape => Kernel > 0 ? [Out, Rank, 1, 1] : [Out, Rank];
}

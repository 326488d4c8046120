namespace DiffusionBot.Diffusion.Lora;

/// <summary>How an initializer stores a module's weight relative to torch's [out, in(, k, k)].</summary>
public enum WeightLayout
{
    /// <summary>Torch's own layout: Conv weights and Gemm with transB=1.</summary>
    OutIn,

    /// <summary>MatMul's right operand (and Gemm without transB): [in, out], the transpose.</summary>
    InOut,
}

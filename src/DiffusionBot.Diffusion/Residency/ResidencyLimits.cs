namespace DiffusionBot.Diffusion.Residency;

/// <summary>How many models may stay loaded at once, by count and by summed weight bytes (0 = no byte budget).</summary>
public readonly record struct ResidencyLimits(int MaxModels, long BudgetBytes)
{
    public static ResidencyLimits From(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.MaxLoadedModels, options.ModelMemoryBudgetMB * 1024L * 1024L);
    }

    /// <summary>Whether <paramref name="models"/> models of <paramref name="bytes"/> in all fit.</summary>
    public bool Allows(int models, long bytes) => models <= MaxModels && (BudgetBytes <= 0 || bytes <= BudgetBytes);
}

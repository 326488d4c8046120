namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>One LCM step's scalars; after the last step the sample is the denoised estimate, not re-noised.</summary>
internal readonly record struct LcmStep(bool IsLast, float SqrtAlpha, float SqrtBeta, float CSkip, float COut, float SqrtAlphaPrev, float SqrtBetaPrev);

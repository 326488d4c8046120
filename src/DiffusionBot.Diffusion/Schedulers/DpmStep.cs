namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>One DPM++ 2M step's scalars; <see cref="InverseR0"/> and <see cref="HalfX0Coeff"/> are 0 for a first-order step.</summary>
internal readonly record struct DpmStep(bool FirstOrder, float SampleCoeff, float X0Coeff, float InverseR0, float HalfX0Coeff);

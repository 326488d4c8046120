namespace DiffusionBot.Diffusion.Device;

/// <summary>A multistep scheduler's state on the device: [History, batch, …] floats (History 0: just [batch, …]), zero at the start.</summary>
internal sealed record StepState(string Name, int History)
{
    public string OutputName => Name + "_next";
}

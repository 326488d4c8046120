using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

public sealed class DdimSchedulerContractTests : SchedulerContractTests
{
    protected override string Name => "ddim";

    protected override float ConvergenceTolerance => 0.15f;
}

public sealed class PndmSchedulerContractTests : SchedulerContractTests
{
    protected override string Name => "pndm";

    protected override bool RepeatsTimestep => true;

    protected override float ConvergenceTolerance => 0.15f;
}

public sealed class EulerDiscreteSchedulerContractTests : SchedulerContractTests
{
    protected override string Name => "euler";
}

public sealed class EulerAncestralTrailingContractTests : SchedulerContractTests
{
    protected override string Name => "euler_a";

    protected override SchedulerConfig Config => TestConfigs.WithSpacing("trailing");

    protected override int ConvergenceSteps => 4;
}

public sealed class DpmSolver2MContractTests : SchedulerContractTests
{
    protected override string Name => "dpm++2m";
}

public sealed class DpmSolver2MKarrasContractTests : SchedulerContractTests
{
    protected override string Name => "dpm++2m_karras";

    protected override bool RoundsRepeatsAtTheTail => true;

    protected override float EstimateTolerance => 1e-2f;
}

public sealed class LcmSchedulerContractTests : SchedulerContractTests
{
    protected override string Name => "lcm";

    protected override int ConvergenceSteps => 4;
}

using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

public sealed class SchedulerFactoryTests
{
    [Fact]
    public void Create_ThrowsListingKnownNames_WhenNameIsUnknown()
    {
        var error = Assert.Throws<ArgumentException>(() => SchedulerFactory.Create("heun", TestConfigs.StableDiffusion15));

        Assert.Contains("heun", error.Message);
        foreach (var name in SchedulerFactory.Names)
        {
            Assert.Contains(name, error.Message);
        }
    }

    [Theory]
    [InlineData("DDIM", typeof(DdimScheduler))]
    [InlineData("pndm", typeof(PndmScheduler))]
    [InlineData("Euler", typeof(EulerDiscreteScheduler))]
    [InlineData("euler_a", typeof(EulerAncestralScheduler))]
    [InlineData("euler-a", typeof(EulerAncestralScheduler))]
    [InlineData("euler_ancestral", typeof(EulerAncestralScheduler))]
    [InlineData("dpm++2m", typeof(DpmSolverMultistepScheduler))]
    [InlineData("dpmpp_2m", typeof(DpmSolverMultistepScheduler))]
    [InlineData("DPM++2M_Karras", typeof(DpmSolverMultistepScheduler))]
    [InlineData("dpmpp_2m_karras", typeof(DpmSolverMultistepScheduler))]
    [InlineData("lcm", typeof(LcmScheduler))]
    public void Create_ReturnsTheScheduler_WhenNameOrAliasIsKnown(string name, Type expected) =>
        Assert.IsType(expected, SchedulerFactory.Create(name, TestConfigs.StableDiffusion15));

    [Fact]
    public void Create_ForcesKarrasSigmas_WhenNameHasKarras()
    {
        var plain = (DpmSolverMultistepScheduler)SchedulerFactory.Create("dpm++2m", TestConfigs.StableDiffusion15);
        var karras = (DpmSolverMultistepScheduler)SchedulerFactory.Create("dpmpp_2m_karras", TestConfigs.StableDiffusion15);
        plain.SetTimesteps(20);
        karras.SetTimesteps(20);

        Assert.Equal(949f, plain.Timesteps[1]);
        Assert.Equal(962f, karras.Timesteps[1]);
    }

    [Theory]
    [InlineData("PNDMScheduler", typeof(PndmScheduler))]
    [InlineData("DDIMScheduler", typeof(DdimScheduler))]
    [InlineData("EulerDiscreteScheduler", typeof(EulerDiscreteScheduler))]
    [InlineData("EulerAncestralDiscreteScheduler", typeof(EulerAncestralScheduler))]
    [InlineData("DPMSolverMultistepScheduler", typeof(DpmSolverMultistepScheduler))]
    [InlineData("LCMScheduler", typeof(LcmScheduler))]
    public void CreateDefault_PicksByClassName_WhenClassIsKnown(string className, Type expected) =>
        Assert.IsType(expected, SchedulerFactory.CreateDefault(TestConfigs.StableDiffusion15 with { ClassName = className }));

    [Fact]
    public void CreateDefault_ThrowsListingKnownNames_WhenClassIsUnknown()
    {
        var error = Assert.Throws<ArgumentException>(
            () => SchedulerFactory.CreateDefault(TestConfigs.StableDiffusion15 with { ClassName = "HeunDiscreteScheduler" }));

        Assert.Contains("HeunDiscreteScheduler", error.Message);
        Assert.Contains("dpm++2m_karras", error.Message);
    }
}

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
    [InlineData("Euler a", typeof(EulerAncestralScheduler))]
    [InlineData("PLMS", typeof(PndmScheduler))]
    [InlineData("DPM++ 2M Karras", typeof(DpmSolverMultistepScheduler))]
    public void Create_ReturnsTheScheduler_WhenNameOrAliasIsKnown(string name, Type expected) =>
        Assert.IsType(expected, SchedulerFactory.Create(name, TestConfigs.StableDiffusion15));

    [Theory]
    [InlineData("Euler a", "euler_a")]
    [InlineData("euler A", "euler_a")]
    [InlineData("Euler", "euler")]
    [InlineData("DDIM", "ddim")]
    [InlineData("PNDM", "pndm")]
    [InlineData("PLMS", "pndm")]
    [InlineData("DPM++ 2M", "dpm++2m")]
    [InlineData("dpm++ 2m karras", "dpm++2m_karras")]
    [InlineData("DPM++ 2M Karras", "dpm++2m_karras")]
    [InlineData("  DPM++  2M\tKarras ", "dpm++2m_karras")]
    [InlineData("LCM", "lcm")]
    [InlineData("euler_a", "euler_a")]
    [InlineData("dpmpp_2m_karras", "dpm++2m_karras")]
    public void CanonicalName_MapsA1111Names_IgnoringCaseAndSpacing(string name, string expected) =>
        Assert.Equal(expected, SchedulerFactory.CanonicalName(name));

    [Theory]
    [InlineData("")]
    [InlineData("heun")]
    [InlineData("DPM++ 2M SDE Karras")]
    [InlineData("DPM++ 2S a")]
    [InlineData("euler aa")]
    public void CanonicalName_IsNull_WhenNoSamplerHasThatName(string name) =>
        Assert.Null(SchedulerFactory.CanonicalName(name));

    [Fact]
    public void CanonicalName_KnowsEveryNameItListsToUsers()
    {
        Assert.All(SchedulerFactory.Names, name => Assert.Equal(name, SchedulerFactory.CanonicalName(name)));
        Assert.All(SchedulerFactory.A1111Names, name => Assert.NotNull(SchedulerFactory.CanonicalName(name)));
        Assert.Equal(SchedulerFactory.Names.Order(), SchedulerFactory.A1111Names.Select(n => SchedulerFactory.CanonicalName(n)!).Order());
    }

    [Fact]
    public void Create_ForcesKarrasSigmas_WhenNameHasKarras()
    {
        var plain = (DpmSolverMultistepScheduler)SchedulerFactory.Create("dpm++2m", TestConfigs.StableDiffusion15);
        var karras = (DpmSolverMultistepScheduler)SchedulerFactory.Create("dpmpp_2m_karras", TestConfigs.StableDiffusion15);
        var typed = (DpmSolverMultistepScheduler)SchedulerFactory.Create("DPM++ 2M Karras", TestConfigs.StableDiffusion15);
        plain.SetTimesteps(20);
        karras.SetTimesteps(20);
        typed.SetTimesteps(20);

        Assert.Equal(949f, plain.Timesteps[1]);
        Assert.Equal(962f, karras.Timesteps[1]);
        Assert.Equal(962f, typed.Timesteps[1]);
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

namespace DiffusionBot.Tests;

/// <summary>A bad setting stops the host at start-up with the key named, before it takes any command.</summary>
public sealed class StartupValidationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("diffusionbot-config-").FullName;

    [Fact]
    public void Host_StopsAndNamesEveryBadKey_WhenPreviewAndQuotaSettingsAreInvalid()
    {
        // The working directory's appsettings.json overrides the embedded defaults (HostConfiguration).
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), """
            {
              "Jobs": { "ConnectionString": "Data Source=data/bot.db" },
              "Preview": { "Interval": "00:05:00" },
              "Quotas": { "Default": { "Per": "forever", "Images": 0 } }
            }
            """);

        var result = CliProcess.Run(_folder);

        Assert.NotEqual(0, result.ExitCode);
        var said = result.Output + result.Error;
        Assert.Contains("PreviewOptions.Interval", said, StringComparison.Ordinal);
        Assert.Contains("Quotas:Default:Per", said, StringComparison.Ordinal);
        Assert.Contains("Quotas:Default:Images", said, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_StopsAndNamesEveryBadKey_WhenEngineResidencyAndCudaSettingsAreInvalid()
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), """
            {
              "Jobs": { "ConnectionString": "Data Source=data/bot.db" },
              "Diffusion": { "Device": "cpu", "MaxLoadedModels": 0, "Cuda": { "ConvAlgoSearch": "FASTEST", "EnableCudaGraph": true } }
            }
            """);

        var result = CliProcess.Run(_folder);

        Assert.NotEqual(0, result.ExitCode);
        var said = result.Output + result.Error;
        Assert.Contains("MaxLoadedModels", said, StringComparison.Ordinal);
        Assert.Contains("Diffusion:Cuda: The field ConvAlgoSearch", said, StringComparison.Ordinal);
        Assert.Contains("Diffusion:Cuda:EnableCudaGraph needs Diffusion:Device cuda or auto", said, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

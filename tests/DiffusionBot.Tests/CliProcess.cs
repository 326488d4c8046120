using System.Diagnostics;

namespace DiffusionBot.Tests;

/// <summary>Runs the built host as a separate process, the way a user runs it, in a scratch folder.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error);

internal static class CliProcess
{
    public static CliResult Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DiffusionBot.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Diffusion__Device"] = "cpu";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"CLI {string.Join(' ', args)} did not finish.");
        }

        return new CliResult(process.ExitCode, output.Result, error.Result);
    }
}

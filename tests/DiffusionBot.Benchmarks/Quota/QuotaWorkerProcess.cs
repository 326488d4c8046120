using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace DiffusionBot.Benchmarks.Quota;

/// <summary>One <c>quota-worker</c> child: this same program started again with the hidden verb.</summary>
internal sealed class QuotaWorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _outPath;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private QuotaWorkerProcess(int index, string runPath, string outPath)
    {
        Index = index;
        _outPath = outPath;
        var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("No path to this program."))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        // Under `dotnet DiffusionBot.Benchmarks.dll` the process is the dotnet host, which needs the assembly first.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(QuotaWorkerProcess).Assembly.Location);
        }

        foreach (var argument in new[] { QuotaWorker.Verb, "--run", runPath, "--process", index.ToString(CultureInfo.InvariantCulture), "--out", outPath })
        {
            start.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, line) =>
        {
            if (line.Data == QuotaWorker.Ready)
            {
                _ready.TrySetResult();
            }
            else if (line.Data is not null)
            {
                Console.WriteLine($"[worker {Index}] {line.Data}");
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _ = _process.WaitForExitAsync().ContinueWith(_ => _ready.TrySetException(new InvalidOperationException($"quota-worker {index} exited before it was ready.")), TaskScheduler.Default);
    }

    public int Index { get; }

    /// <summary>Completes when the worker has warmed up and waits for <see cref="Go"/>.</summary>
    public Task Ready => _ready.Task;

    public static QuotaWorkerProcess Start(int index, string runPath, string folder) =>
        new(index, runPath, Path.Combine(folder, $"worker-{index.ToString(CultureInfo.InvariantCulture)}.json"));

    public void Go()
    {
        _process.StandardInput.WriteLine(QuotaWorker.Go);
        _process.StandardInput.Flush();
    }

    /// <summary>The worker's attempts once it exits, or null when it failed or did not finish in time (then it is killed).</summary>
    public async Task<QuotaWorkerResult?> ResultAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"quota-worker {Index} did not finish within {timeout}; killing it.");
            _process.Kill(entireProcessTree: true);
            return null;
        }

        if (_process.ExitCode != 0 || !File.Exists(_outPath))
        {
            Console.Error.WriteLine($"quota-worker {Index} exited with {_process.ExitCode}.");
            return null;
        }

        return JsonSerializer.Deserialize(await File.ReadAllTextAsync(_outPath).ConfigureAwait(false), QuotaWorkerJsonContext.Default.QuotaWorkerResult);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}

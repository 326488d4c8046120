using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DiffusionBot.Tests;

/// <summary>
/// The real host as a child process (<c>dotnet DiffusionBot.dll</c>), in a working folder of the
/// test's, on a free loopback port; killed with SIGKILL on request, as a crash would.
/// </summary>
internal sealed class BotProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    /// <param name="listenHost">
    /// The address to bind; anything but loopback is bound the way the Dockerfile binds <c>0.0.0.0</c> (<c>ASPNETCORE_URLS</c>).
    /// </param>
    public BotProcess(string workingDirectory, IReadOnlyDictionary<string, string> settings, string listenHost = "127.0.0.1")
    {
        Port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DiffusionBot.dll"));
        if (listenHost == "127.0.0.1")
        {
            start.ArgumentList.Add($"--urls=http://127.0.0.1:{Port}");
        }
        else
        {
            start.Environment["ASPNETCORE_URLS"] = $"http://{listenHost}:{Port}";
        }

        start.Environment["Diffusion__Device"] = "cpu";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Waits until <c>/healthz</c> answers (the worker has loaded and warmed its model by then).</summary>
    public async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The bot exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                if ((await http.GetAsync(new Uri(BaseAddress, "healthz"))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            // Polling a child process until it answers (bounded above); nothing is concluded from the wait.
            await Task.Delay(100);
        }

        throw new TimeoutException($"The bot did not become healthy:\n{Log}");
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or an OOM kill.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        KillHard();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using DiffusionBot.Diffusion.Forge;

namespace DiffusionBot.Playground.Tests;

/// <summary>
/// The real host, started the way a user starts it (<c>dotnet DiffusionBot.dll</c>) in a scratch folder on a free port,
/// with the demo model forged on first run. Shared by the tests of <see cref="HostCollection"/>.
/// </summary>
public sealed class BotHostFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("diffusionbot-playground-").FullName;
    private Process? _process;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string Folder => _folder;

    public async Task InitializeAsync()
    {
        // The SD 1.5 demo the host would forge, and the SDXL demo paired with its refiner.
        DemoModelForge.Write(Path.Combine(_folder, "models", DemoModelForge.DefaultFolderName));
        SdxlDemoPair.Write(Path.Combine(_folder, "models"));
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DiffusionBot.dll"));
        start.ArgumentList.Add($"--urls={BaseAddress}");
        start.Environment["Diffusion__Device"] = "cpu";
        start.Environment["Jobs__ConnectionString"] = $"Data Source={Path.Combine(_folder, "bot.db")}";
        start.Environment["Jobs__MaxQueuedPerUser"] = "10";
        start.Environment["Diffusion__ModelsPath"] = Path.Combine(_folder, "models");
        start.Environment["Preview__Interval"] = "00:00:00.2";
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await IsHealthyAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The host did not start (exit {(_process.HasExited ? _process.ExitCode : -1)}).");
            }

            // Polling /healthz of a child process until it answers (deadline above); nothing is concluded from the wait.
            await Task.Delay(200);
        }
    }

    public async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri("/healthz", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public async Task<JsonElement> SayAsync(string text)
    {
        using var response = await Http.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), new { text });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Reads the event stream from the start until a message matches, and returns its latest state.</summary>
    public async Task<JsonElement> WaitForMessageAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        using var stream = await Http.GetStreamAsync(new Uri("/api/events?after=0", UriKind.Relative), cancel.Token);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var message = JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
                if (match(message))
                {
                    return message;
                }
            }
        }

        throw new InvalidOperationException("The event stream ended.");
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the dying host; the temp folder is cleaned later.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

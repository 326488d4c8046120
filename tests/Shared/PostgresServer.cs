using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DiffusionBot.TestSupport;

/// <summary>
/// A throw-away PostgreSQL server from Debian's packages (<c>apt-get install postgresql</c>, which
/// <c>.ci/run</c> does), started on a free loopback port in a temp folder and stopped on dispose.
/// As root, the server runs as the <c>postgres</c> user (initdb refuses root).
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _folder;
    private readonly string _binaries;
    private readonly bool _asPostgresUser;

    public PostgresServer()
    {
        _binaries = Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb"))) ?? ""
            : "";
        if (_binaries.Length == 0)
        {
            throw new InvalidOperationException("PostgreSQL is not installed; run .ci/run or `apt-get install postgresql` first.");
        }

        _asPostgresUser = Environment.UserName == "root";
        _folder = Path.Combine(Path.GetTempPath(), $"dbot-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        Port = FreePort();
        if (_asPostgresUser)
        {
            Run("chown", "-R", "postgres", _folder);
        }

        Postgres("initdb", "-D", Path.Combine(_folder, "data"), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8");
        Start();
    }

    public int Port { get; }

    /// <summary>A new empty database on this server.</summary>
    public string CreateDatabase()
    {
        var name = $"dbot_{Guid.NewGuid():N}";
        Postgres("createdb", "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", name);
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Pooling=true;Maximum Pool Size=20";
    }

    /// <summary>Starts the server (again) on the same port and data; returns once it accepts connections.</summary>
    public void Start() =>
        Postgres("pg_ctl", "-D", Path.Combine(_folder, "data"), "-l", Path.Combine(_folder, "log.txt"), "-w", "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start");

    /// <summary>Stops the server at once, as a crash would; its data stays for <see cref="Start"/>.</summary>
    public void Stop() => Postgres("pg_ctl", "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop");

    public void Dispose()
    {
        try
        {
            Stop();
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private void Postgres(string tool, params string[] args)
    {
        var path = Path.Combine(_binaries, tool);
        if (_asPostgresUser)
        {
            Run("runuser", ["-u", "postgres", "--", path, .. args]);
        }
        else
        {
            Run(path, args);
        }
    }

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} failed ({process.ExitCode}): {error.Result}{output.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

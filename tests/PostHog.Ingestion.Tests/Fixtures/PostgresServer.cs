using Npgsql;

namespace PostHog.Ingestion.Tests.Fixtures;

/// <summary>A throw-away PostgreSQL 15 in a temp dir, run as the postgres user (it refuses root).</summary>
public sealed class PostgresServer : IDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    public const string Password = "ingestion-test";

    private readonly ChildProcess server;
    private readonly string directory;

    private PostgresServer(ChildProcess server, string directory, int port)
    {
        this.server = server;
        this.directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Password={Password};Database={database}";

    public static async Task<PostgresServer> StartAsync()
    {
        var directory = ChildProcess.NewDirectory("ingestion-pg");
        var data = Path.Combine(directory, "data");
        var passwordFile = Path.Combine(directory, "pw");
        await File.WriteAllTextAsync(passwordFile, Password);
        await Run("chown", "-R", "postgres:postgres", directory);
        await Run("runuser", "-u", "postgres", "--", $"{Bin}/initdb", "-D", data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
            $"--pwfile={passwordFile}", "-E", "UTF8", "--locale=C.UTF-8");
        var port = ChildProcess.FreePort();
        await File.AppendAllTextAsync(Path.Combine(data, "postgresql.auto.conf"),
            $"listen_addresses='127.0.0.1'\nport={port}\nunix_socket_directories='{directory}'\nfsync=off\n");
        await Run("chown", "-R", "postgres:postgres", directory);
        var server = ChildProcess.Start("runuser", ["-u", "postgres", "--", $"{Bin}/postgres", "-D", data]);
        var postgres = new PostgresServer(server, directory, port);
        await server.WaitUntilAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(postgres.ConnectionString("postgres"));
            await connection.OpenAsync();
            return true;
        }, TimeSpan.FromSeconds(30), "postgres");
        return postgres;
    }

    public void Dispose()
    {
        server.Dispose();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static async Task Run(string file, params string[] arguments)
    {
        using var process = ChildProcess.Start(file, arguments);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!process.HasExited && DateTime.UtcNow < deadline) await Task.Delay(50);
        if (!process.HasExited) throw new TimeoutException($"{file} did not finish:\n{process.Output}");
        await Task.Delay(50); // let the output readers drain
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} exited with {process.ExitCode}:\n{process.Output}");
    }
}

namespace PostHog.ServiceDefaults.Tests.Fixtures;

/// <summary>
/// A throw-away PostgreSQL 15 cluster on a free loopback port. PostgreSQL refuses to run as root, so initdb and the
/// server run as the <c>postgres</c> user (runuser) when the tests run as root.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string Password = "pg-test-pw";
    private const string Bin = "/usr/lib/postgresql/15/bin";

    private ServerProcess? server;

    public int Port { get; } = FreePort.Next();

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Password={Password};Database=postgres";

    public async Task InitializeAsync()
    {
        var directory = ServerProcess.NewDirectory("postgres-test");
        var passwordFile = Path.Combine(directory, "pwfile");
        await File.WriteAllTextAsync(passwordFile, Password);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", "-R", "postgres", directory);
        }

        await RunAsync(asRoot, $"{Bin}/initdb", "-D", Path.Combine(directory, "data"), "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", $"--pwfile={passwordFile}", "-E", "UTF8", "--locale=C.UTF-8");
        string[] postgres = [$"{Bin}/postgres", "-D", Path.Combine(directory, "data"), "-c", "listen_addresses=127.0.0.1", "-c", $"port={Port}", "-c", $"unix_socket_directories={directory}"];
        server = asRoot ? ServerProcess.Start(directory, "runuser", ["-u", "postgres", "--", .. postgres]) : ServerProcess.Start(directory, postgres[0], postgres[1..]);
        // Accepting connections is not enough: "the database system is starting up" comes first.
        await server.WaitUntilAsync(async () =>
        {
            try
            {
                await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
                await connection.OpenAsync();
                return true;
            }
            catch (Npgsql.NpgsqlException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "postgres");
    }

    public Task DisposeAsync()
    {
        server?.Dispose();
        return Task.CompletedTask;
    }

    private static Task RunAsync(bool asRoot, string fileName, params string[] arguments) =>
        asRoot ? RunAsync("runuser", ["-u", "postgres", "--", fileName, .. arguments]) : RunAsync(fileName, arguments);

    private static async Task RunAsync(string fileName, params string[] arguments)
    {
        var startInfo = new System.Diagnostics.ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}

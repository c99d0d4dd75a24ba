using System.Diagnostics;
using System.Globalization;
using PostHog.Hosting.Processes;
using PostHog.Hosting.Servers.Native;

namespace PostHog.Hosting.Servers.Postgres;

/// <summary>
/// The server's cluster on disk: initdb once (SCRAM for TCP, trust only on the owner-only unix socket), then this run's
/// listen address, port and socket dir in postgresql.auto.conf (ports change between runs, the data stays).
/// </summary>
public static class PostgresDataDirectory
{
    public static bool IsInitialized(string dataDirectory) => File.Exists(Path.Combine(dataDirectory, "PG_VERSION"));

    /// <summary>
    /// Everything a launch needs. initdb runs with --no-sync: it is a dev cluster, and fsyncing every catalog file
    /// costs seconds on a busy disk; only an OS crash in the first seconds after the first start could hurt it.
    /// </summary>
    /// <remarks>The cluster (created once), this run's settings, ownership by postgres.</remarks>
    public static async Task PrepareAsync(PostgresServerResource server, string userName, string password, int port, CancellationToken cancellationToken)
    {
        DebianPackage.EnsureInstalled(DebianPackage.SetPriv, DebianPackage.Postgres, DebianPackage.InitDb);
        ServerFiles.EnsureDirectory(server.StateDirectory);
        ServerFiles.EnsureDirectory(server.SocketDirectory);
        if (!IsInitialized(server.DataDirectory))
        {
            await InitializeAsync(server, userName, password, cancellationToken).ConfigureAwait(false);
            PostgresCredentials.MarkApplied(server, userName, password);
        }

        File.WriteAllText(Path.Combine(server.DataDirectory, "postgresql.auto.conf"), RenderAutoConf(port, server.SocketDirectory));
        ServerFiles.GiveTo(PostgresServerResource.SystemUser, server.DataDirectory, server.SocketDirectory);
        ServerFiles.RestrictDirectory(server.DataDirectory);
        ServerFiles.RestrictDirectory(server.SocketDirectory);
        if (!PostgresCredentials.AreApplied(server, userName, password))
        {
            await PostgresCredentials.ApplyAsync(server, userName, password, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Our settings win over ALTER SYSTEM: the file is rewritten on every start.</summary>
    public static string RenderAutoConf(int port, string socketDirectory) => string.Create(CultureInfo.InvariantCulture, $"""
        # Written by the AppHost on every start (PostHog.Hosting.Servers); ALTER SYSTEM changes do not survive a restart.
        listen_addresses = '127.0.0.1'
        port = {port}
        unix_socket_directories = '{socketDirectory.Replace("'", "''", StringComparison.Ordinal)}'
        max_connections = 200
        password_encryption = 'scram-sha-256'

        """);

    private static async Task InitializeAsync(PostgresServerResource server, string userName, string password, CancellationToken cancellationToken)
    {
        if (Directory.Exists(server.DataDirectory))
        {
            Directory.Delete(server.DataDirectory, recursive: true); // A half-made cluster from an interrupted initdb.
        }

        var passwordFile = Path.Combine(server.StateDirectory, ".initdb-password");
        ServerFiles.WriteSecret(passwordFile, password);
        ServerFiles.GiveTo(PostgresServerResource.SystemUser, server.StateDirectory);
        try
        {
            var info = new ProcessStartInfo(DebianPackage.SetPriv.Path)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = server.StateDirectory,
            };
            foreach (var arg in ServerFiles.AsUser(PostgresServerResource.SystemUser, DebianPackage.InitDb.Path).Concat(
                [$"--pgdata={server.DataDirectory}", $"--username={userName}", "--auth-local=trust", "--auth-host=scram-sha-256",
                 $"--pwfile={passwordFile}", "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions", "--no-sync"]))
            {
                info.ArgumentList.Add(arg);
            }

            using var initdb = Process.Start(info) ?? throw new ResourceStartException("initdb could not be started");
            var output = initdb.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = initdb.StandardError.ReadToEndAsync(cancellationToken);
            await initdb.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (initdb.ExitCode != 0)
            {
                var why = (await error.ConfigureAwait(false)).Trim().Split('\n').LastOrDefault() ?? string.Empty;
                _ = await output.ConfigureAwait(false);
                throw new ResourceStartException($"initdb failed with exit code {initdb.ExitCode}: {why}");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }
}

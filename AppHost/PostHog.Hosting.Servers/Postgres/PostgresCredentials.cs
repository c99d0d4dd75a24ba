using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using PostHog.Hosting.Processes;
using PostHog.Hosting.Servers.Native;

namespace PostHog.Hosting.Servers.Postgres;

/// <summary>
/// Keeps the cluster's login in step with the parameters: initdb sets user and password once, so when
/// <c>Parameters:{name}-password</c> (or the user name) changes, the next start applies it in single-user mode
/// before the server listens. A fingerprint file makes this a no-op on ordinary starts.
/// </summary>
public static class PostgresCredentials
{
    public static string MarkerFile(PostgresServerResource server) => Path.Combine(server.StateDirectory, ".credentials-sha256");

    public static string Fingerprint(string userName, string password)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{userName}\n{password}")));

    public static bool AreApplied(PostgresServerResource server, string userName, string password)
        => File.Exists(MarkerFile(server)) && File.ReadAllText(MarkerFile(server)).Trim() == Fingerprint(userName, password);

    public static void MarkApplied(PostgresServerResource server, string userName, string password)
        => ServerFiles.WriteSecret(MarkerFile(server), Fingerprint(userName, password));

    /// <summary>One line for postgres --single: create the role if the user name is new, then set its password.</summary>
    public static string RenderStatement(string userName, string password)
    {
        var role = $"\"{userName.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        var name = Literal(userName);
        return $"DO $posthog$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {name}) THEN CREATE ROLE {role} SUPERUSER LOGIN; END IF; END $posthog$; ALTER ROLE {role} PASSWORD {Literal(password)};\n";
    }

    public static async Task ApplyAsync(PostgresServerResource server, string userName, string password, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(DebianPackage.SetPriv.Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = server.StateDirectory,
        };
        foreach (var arg in ServerFiles.AsUser(PostgresServerResource.SystemUser, DebianPackage.Postgres.Path).Concat(["--single", "-D", server.DataDirectory, "postgres"]))
        {
            info.ArgumentList.Add(arg);
        }

        using var single = Process.Start(info) ?? throw new ResourceStartException("postgres --single could not be started");
        var output = single.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = single.StandardError.ReadToEndAsync(cancellationToken);
        await single.StandardInput.WriteAsync(RenderStatement(userName, password)).ConfigureAwait(false);
        single.StandardInput.Close();
        await single.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var text = await output.ConfigureAwait(false) + await error.ConfigureAwait(false);
        var failure = text.Split('\n').FirstOrDefault(l => l.Contains("ERROR:", StringComparison.Ordinal) || l.Contains("FATAL:", StringComparison.Ordinal));
        if (single.ExitCode != 0 || failure is not null)
        {
            throw new ResourceStartException($"could not apply the postgres user/password: {failure?.Trim() ?? $"exit code {single.ExitCode}"}");
        }

        MarkApplied(server, userName, password);
    }

    private static string Literal(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
}

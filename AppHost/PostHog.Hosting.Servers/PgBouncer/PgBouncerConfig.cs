using System.Globalization;
using System.Text;

namespace PostHog.Hosting.Servers.PgBouncer;

/// <summary>One pooled database: clients ask for <see cref="Alias"/>, PgBouncer connects to <see cref="DatabaseName"/> on host:port.</summary>
public sealed record PgBouncerPool(string Alias, string Host, int Port, string DatabaseName);

/// <summary>pgbouncer.ini and its auth file.</summary>
public static class PgBouncerConfig
{
    /// <summary>
    /// Transaction pooling, SCRAM to clients and to Postgres (the auth file holds the Postgres password so PgBouncer
    /// can log in with SCRAM itself), TCP on loopback only, no unix socket, logs to stderr (the AppHost's log).
    /// </summary>
    public static string RenderIni(int listenPort, IEnumerable<PgBouncerPool> pools, string authFile, string adminUser)
    {
        var ini = new StringBuilder();
        ini.AppendLine("; Written by the AppHost on every start (PostHog.Hosting.Servers).");
        ini.AppendLine("[databases]");
        foreach (var pool in pools)
        {
            ini.AppendLine(CultureInfo.InvariantCulture, $"{pool.Alias} = host={pool.Host} port={pool.Port} dbname={pool.DatabaseName}");
        }

        ini.AppendLine();
        ini.AppendLine("[pgbouncer]");
        ini.AppendLine("listen_addr = 127.0.0.1");
        ini.AppendLine(CultureInfo.InvariantCulture, $"listen_port = {listenPort}");
        ini.AppendLine("unix_socket_dir =");
        ini.AppendLine("auth_type = scram-sha-256");
        ini.AppendLine(CultureInfo.InvariantCulture, $"auth_file = {authFile}");
        ini.AppendLine(CultureInfo.InvariantCulture, $"admin_users = {adminUser}");
        ini.AppendLine("pool_mode = transaction");
        ini.AppendLine("max_client_conn = 1000");
        ini.AppendLine("default_pool_size = 20");
        ini.AppendLine("min_pool_size = 0");
        ini.AppendLine("server_reset_query =");
        ini.AppendLine("ignore_startup_parameters = extra_float_digits,options");
        ini.AppendLine("server_connect_timeout = 5");
        ini.AppendLine("logfile =");
        ini.AppendLine("pidfile =");
        ini.AppendLine("log_connections = 0");
        ini.AppendLine("log_disconnections = 0");
        return ini.ToString();
    }

    /// <summary><c>"user" "password"</c> lines; quotes inside values are doubled, as PgBouncer reads them.</summary>
    public static string RenderUserList(IEnumerable<(string User, string Password)> users)
        => string.Concat(users.Select(u => $"\"{Escape(u.User)}\" \"{Escape(u.Password)}\"\n"));

    private static string Escape(string value) => value.Replace("\"", "\"\"", StringComparison.Ordinal);
}

using PostHog.Hosting.Processes;

namespace PostHog.Hosting.Servers.Native;

/// <summary>A file a server needs from a Debian package; checked before launch so a missing package is one clear line.</summary>
public sealed record DebianPackage(string Path, string Package)
{
    public static readonly DebianPackage Postgres = new("/usr/lib/postgresql/15/bin/postgres", "postgresql-15");
    public static readonly DebianPackage InitDb = new("/usr/lib/postgresql/15/bin/initdb", "postgresql-15");
    public static readonly DebianPackage PgBouncer = new("/usr/sbin/pgbouncer", "pgbouncer");
    public static readonly DebianPackage Redis = new("/usr/bin/redis-server", "redis-server");
    public static readonly DebianPackage Java = new("/usr/bin/java", "default-jre-headless");
    public static readonly DebianPackage ZooKeeperJar = new("/usr/share/java/zookeeper.jar", "zookeeper");
    public static readonly DebianPackage Slf4jSimpleJar = new("/usr/share/java/slf4j-simple.jar", "libslf4j-java");
    public static readonly DebianPackage ClickHouse = new("/usr/sbin/clickhouse-server", "clickhouse-server");
    public static readonly DebianPackage SetPriv = new("/usr/bin/setpriv", "util-linux");

    public string InstallHint => $"apt-get install -y {Package}";

    public bool IsInstalled => File.Exists(Path);

    /// <summary>Throws "&lt;path&gt; not found — run: apt-get install -y &lt;package&gt;" (the orchestrator prefixes the resource name).</summary>
    public void EnsureInstalled()
    {
        if (!IsInstalled)
        {
            throw new ResourceStartException($"{Path} not found — run: {InstallHint}");
        }
    }

    public static void EnsureInstalled(params DebianPackage[] packages)
    {
        foreach (var package in packages)
        {
            package.EnsureInstalled();
        }
    }
}

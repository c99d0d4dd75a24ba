using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace PostHog.Hosting.Servers.ClickHouse;

/// <summary>Everything one node's config depends on: its own ports and folder, and where its peers and ZooKeeper are.</summary>
public sealed record ClickHouseNodeLayout(
    string Directory,
    int HttpPort,
    int TcpPort,
    int InterserverPort,
    int Shard,
    string ReplicaName,
    IReadOnlyList<IReadOnlyList<int>> ShardTcpPorts,
    IReadOnlyList<int> ZooKeeperPorts,
    string Password);

/// <summary>config.xml and users.xml for ClickHouse 18.16 (root element <c>yandex</c>), everything on loopback.</summary>
public static class ClickHouseConfig
{
    /// <summary>Sessions of a killed replica expire this soon, so its restart catches up quickly (ZooKeeper allows 2–20 s).</summary>
    public const int ZooKeeperSessionTimeoutMs = 10_000;

    public static string RenderConfig(ClickHouseNodeLayout node)
    {
        string Folder(string name) => Path.Combine(node.Directory, name) + "/";
        var root = new XElement("yandex",
            new XComment(" Written by the AppHost on every start (PostHog.Hosting.Servers). "),
            new XElement("logger", new XElement("level", "information"), new XElement("console", 1)),
            new XElement("listen_host", "127.0.0.1"),
            new XElement("http_port", node.HttpPort),
            new XElement("tcp_port", node.TcpPort),
            new XElement("interserver_http_port", node.InterserverPort),
            new XElement("interserver_http_host", "127.0.0.1"),
            new XElement("max_connections", 1024),
            new XElement("keep_alive_timeout", 3),
            new XElement("max_concurrent_queries", 100),
            new XElement("uncompressed_cache_size", 268_435_456),
            new XElement("mark_cache_size", 268_435_456),
            new XElement("path", Folder("data")),
            new XElement("tmp_path", Folder("tmp")),
            new XElement("user_files_path", Folder("user_files")),
            new XElement("format_schema_path", Folder("format_schemas")),
            new XElement("users_config", Path.Combine(node.Directory, "users.xml")),
            new XElement("default_profile", "default"),
            new XElement("default_database", ClickHouseClusterResource.DatabaseName),
            new XElement("timezone", "UTC"),
            new XElement("mlock_executable", "false"),
            new XElement("builtin_dictionaries_reload_interval", 3600),
            new XElement("max_session_timeout", 3600),
            new XElement("default_session_timeout", 60),
            new XElement("remote_servers", new XElement(ClickHouseClusterResource.ClusterName,
                node.ShardTcpPorts.Select(replicas => new XElement("shard",
                    new XElement("internal_replication", "true"),
                    replicas.Select(port => new XElement("replica",
                        new XElement("host", "127.0.0.1"),
                        new XElement("port", port),
                        new XElement("user", ClickHouseClusterResource.UserName),
                        new XElement("password", node.Password))))))),
            new XElement("macros",
                new XElement("shard", node.Shard),
                new XElement("replica", node.ReplicaName),
                new XElement("cluster", ClickHouseClusterResource.ClusterName)));

        if (node.ZooKeeperPorts.Count > 0)
        {
            root.Add(
                new XElement("zookeeper",
                    node.ZooKeeperPorts.Select((port, i) => new XElement("node",
                        new XAttribute("index", i + 1),
                        new XElement("host", "127.0.0.1"),
                        new XElement("port", port))),
                    new XElement("session_timeout_ms", ZooKeeperSessionTimeoutMs),
                    new XElement("operation_timeout_ms", 10_000)),
                new XElement("distributed_ddl", new XElement("path", ClickHouseClusterResource.DistributedDdlPath)));
        }

        return Serialize(root);
    }

    /// <summary>One user, <c>default</c>, with the cluster's password (stored as SHA-256) and loopback-only access.</summary>
    public static string RenderUsers(string password)
    {
        var root = new XElement("yandex",
            new XComment(" Written by the AppHost on every start (PostHog.Hosting.Servers). "),
            new XElement("profiles", new XElement("default",
                new XElement("max_memory_usage", 4_000_000_000L),
                new XElement("use_uncompressed_cache", 0),
                new XElement("load_balancing", "random"))),
            new XElement("users", new XElement(ClickHouseClusterResource.UserName,
                new XElement("password_sha256_hex", Sha256Hex(password)),
                new XElement("networks", new XElement("ip", "127.0.0.1"), new XElement("ip", "::1")),
                new XElement("profile", "default"),
                new XElement("quota", "default"))),
            new XElement("quotas", new XElement("default", new XElement("interval",
                new XElement("duration", 3600),
                new XElement("queries", 0),
                new XElement("errors", 0),
                new XElement("result_rows", 0),
                new XElement("read_rows", 0),
                new XElement("execution_time", 0)))));
        return Serialize(root);
    }

    private static string Sha256Hex(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static string Serialize(XElement root)
        => new XDeclaration("1.0", "utf-8", null) + Environment.NewLine + root.ToString(SaveOptions.None) + Environment.NewLine;
}

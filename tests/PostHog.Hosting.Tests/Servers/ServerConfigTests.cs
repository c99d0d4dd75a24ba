using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using PostHog.Hosting.Processes;
using PostHog.Hosting.Servers.ClickHouse;
using PostHog.Hosting.Servers.Native;
using PostHog.Hosting.Servers.PgBouncer;
using PostHog.Hosting.Servers.Postgres;
using PostHog.Hosting.Servers.Redis;
using PostHog.Hosting.Servers.ZooKeeper;

namespace PostHog.Hosting.Tests.Servers;

public sealed class ServerConfigTests
{
    private static ClickHouseNodeLayout Layout(IReadOnlyList<int> zookeeper, string password = "pw") => new(
        "/state/clickhouse-s1-r2", 8124, 9001, 9011, 1, "clickhouse-s1-r2", [[9000, 9001], [9002, 9003]], zookeeper, password);

    [Fact]
    public void ClickHouse_config_listens_on_loopback_keeps_data_in_its_folder_and_describes_cluster_posthog()
    {
        var xml = XElement.Parse(ClickHouseConfig.RenderConfig(Layout([2181, 2182, 2183])));

        Assert.Equal("yandex", xml.Name.LocalName);
        Assert.Equal("127.0.0.1", (string?)xml.Element("listen_host"));
        Assert.Equal(8124, (int?)xml.Element("http_port"));
        Assert.Equal(9001, (int?)xml.Element("tcp_port"));
        Assert.Equal(9011, (int?)xml.Element("interserver_http_port"));
        Assert.Equal("127.0.0.1", (string?)xml.Element("interserver_http_host"));
        Assert.Equal("UTC", (string?)xml.Element("timezone"));
        foreach (var folder in new[] { "path", "tmp_path", "user_files_path", "format_schema_path" })
        {
            Assert.StartsWith("/state/clickhouse-s1-r2/", (string?)xml.Element(folder), StringComparison.Ordinal);
            Assert.EndsWith("/", (string?)xml.Element(folder), StringComparison.Ordinal);
        }

        var shards = xml.Element("remote_servers")!.Element("posthog")!.Elements("shard").ToList();
        Assert.Equal(2, shards.Count);
        Assert.All(shards, s => Assert.Equal("true", (string?)s.Element("internal_replication")));
        Assert.Equal([9000, 9001, 9002, 9003], shards.SelectMany(s => s.Elements("replica")).Select(r => (int)r.Element("port")!));
        Assert.All(shards.SelectMany(s => s.Elements("replica")), r => Assert.Equal("pw", (string?)r.Element("password")));

        Assert.Equal([2181, 2182, 2183], xml.Element("zookeeper")!.Elements("node").Select(n => (int)n.Element("port")!));
        Assert.Equal("1", (string?)xml.Element("macros")!.Element("shard"));
        Assert.Equal("clickhouse-s1-r2", (string?)xml.Element("macros")!.Element("replica"));
        Assert.Equal("/clickhouse/task_queue/ddl", (string?)xml.Element("distributed_ddl")!.Element("path"));
    }

    [Fact]
    public void ClickHouse_config_without_zookeeper_has_no_zookeeper_or_distributed_ddl_section()
    {
        var xml = XElement.Parse(ClickHouseConfig.RenderConfig(Layout([])));

        Assert.Null(xml.Element("zookeeper"));
        Assert.Null(xml.Element("distributed_ddl"));
        Assert.NotNull(xml.Element("remote_servers")!.Element("posthog"));
    }

    [Fact]
    public void ClickHouse_password_with_xml_characters_survives_escaping_and_users_xml_keeps_only_its_hash()
    {
        const string password = "a<b&c\"d'e>";
        var config = XElement.Parse(ClickHouseConfig.RenderConfig(Layout([], password)));
        Assert.Equal(password, (string?)config.Descendants("password").First());

        var users = ClickHouseConfig.RenderUsers(password);
        var user = XElement.Parse(users).Element("users")!.Element("default")!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password))), (string?)user.Element("password_sha256_hex"));
        Assert.DoesNotContain("a<b", users, StringComparison.Ordinal);
        Assert.Equal(["127.0.0.1", "::1"], user.Element("networks")!.Elements("ip").Select(i => i.Value));
    }

    [Fact]
    public void ZooKeeper_config_lists_every_peer_keeps_admin_server_off_and_whitelists_health_words()
    {
        var cfg = ZooKeeperConfig.Render("/state/zookeeper-2/data", 2182, [new(1, 3001, 4001), new(2, 3002, 4002), new(3, 3003, 4003)]);
        var lines = cfg.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Contains("clientPort=2182", lines);
        Assert.Contains("clientPortAddress=127.0.0.1", lines);
        Assert.Contains("dataDir=/state/zookeeper-2/data", lines);
        Assert.Contains("admin.enableServer=false", lines);
        Assert.Contains(lines, l => l.StartsWith("4lw.commands.whitelist=", StringComparison.Ordinal) && l.Contains("ruok") && l.Contains("srvr") && l.Contains("stat"));
        Assert.Equal(["server.1=127.0.0.1:3001:4001", "server.2=127.0.0.1:3002:4002", "server.3=127.0.0.1:3003:4003"], lines.Where(l => l.StartsWith("server.", StringComparison.Ordinal)));
    }

    [Fact]
    public void ZooKeeper_alone_runs_standalone_without_server_lines()
        => Assert.DoesNotContain("server.", ZooKeeperConfig.Render("/d", 2181, [new(1, 3001, 4001)]), StringComparison.Ordinal);

    [Fact]
    public void ZooKeeper_runs_quorum_peer_main_on_a_small_serial_gc_heap()
    {
        var args = ZooKeeperConfig.JavaArguments("/z/zoo.cfg", "/usr/share/java/zookeeper.jar", "/usr/share/java/slf4j-simple.jar");
        Assert.Contains("-Xmx128m", args);
        Assert.Contains("-XX:+UseSerialGC", args);
        Assert.Equal(["-cp", "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar", "org.apache.zookeeper.server.quorum.QuorumPeerMain", "/z/zoo.cfg"], args.TakeLast(4));
    }

    [Theory]
    [InlineData("Zookeeper version: 3.8.0\nLatency min/avg/max: 0/0.0/0\nMode: follower\nNode count: 5\n", "follower")]
    [InlineData("Mode: standalone\n", "standalone")]
    [InlineData("This ZooKeeper instance is not currently serving requests\n", null)]
    public void Srvr_answers_give_the_mode(string answer, string? mode) => Assert.Equal(mode, FourLetterWord.ModeOf(answer));

    [Fact]
    public void PgBouncer_ini_pools_in_transaction_mode_with_scram_on_loopback_only()
    {
        var ini = PgBouncerConfig.RenderIni(6432, [new PgBouncerPool("posthog", "127.0.0.1", 5432, "posthog")], "/state/pgbouncer/userlist.txt", "postgres");
        var lines = ini.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Contains("posthog = host=127.0.0.1 port=5432 dbname=posthog", lines);
        Assert.True(Array.IndexOf(lines, "[databases]") < Array.IndexOf(lines, "[pgbouncer]"));
        Assert.Contains("listen_addr = 127.0.0.1", lines);
        Assert.Contains("listen_port = 6432", lines);
        Assert.Contains("unix_socket_dir =", lines);
        Assert.Contains("auth_type = scram-sha-256", lines);
        Assert.Contains("auth_file = /state/pgbouncer/userlist.txt", lines);
        Assert.Contains("pool_mode = transaction", lines);
    }

    [Fact]
    public void PgBouncer_userlist_doubles_quotes()
        => Assert.Equal("\"postgres\" \"p\"\"w\"\n", PgBouncerConfig.RenderUserList([("postgres", "p\"w")]));

    [Fact]
    public void Redis_conf_binds_loopback_requires_the_password_and_persists_with_an_append_only_file()
    {
        var lines = RedisConfig.Render(6380, "/state/redis/data", "s\"e\\cret", RedisPersistence.AppendOnly).Split('\n', StringSplitOptions.TrimEntries);

        Assert.Contains("bind 127.0.0.1", lines);
        Assert.Contains("port 6380", lines);
        Assert.Contains("daemonize no", lines);
        Assert.Contains("dir \"/state/redis/data\"", lines);
        Assert.Contains("requirepass \"s\\\"e\\\\cret\"", lines);
        Assert.Contains("appendonly yes", lines);
        Assert.Contains("save \"\"", lines);
    }

    [Fact]
    public void Redis_conf_as_a_cache_keeps_nothing_on_disk()
    {
        var lines = RedisConfig.Render(6380, "/d", "pw", RedisPersistence.None).Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("appendonly no", lines);
        Assert.Contains("save \"\"", lines);
    }

    [Fact]
    public void Redis_probe_speaks_resp()
        => Assert.Equal("*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n", RedisPingProbe.Command("AUTH", "pw"));

    [Fact]
    public void Postgres_auto_conf_sets_this_runs_port_loopback_and_socket_dir()
    {
        var lines = PostgresDataDirectory.RenderAutoConf(5433, "/state/o'brien/run").Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("listen_addresses = '127.0.0.1'", lines);
        Assert.Contains("port = 5433", lines);
        Assert.Contains("unix_socket_directories = '/state/o''brien/run'", lines);
    }

    [Fact]
    public void Postgres_credentials_statement_quotes_the_role_and_the_password()
        => Assert.Equal(
            "DO $posthog$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'o''k') THEN CREATE ROLE \"o'k\" SUPERUSER LOGIN; END IF; END $posthog$; ALTER ROLE \"o'k\" PASSWORD 'p''w';\n",
            PostgresCredentials.RenderStatement("o'k", "p'w"));

    [Fact]
    public void A_missing_package_is_one_line_naming_the_file_and_the_apt_command()
    {
        var e = Assert.Throws<ResourceStartException>(() => new DebianPackage("/usr/bin/redis-server-missing", "redis-server").EnsureInstalled());
        Assert.Equal("/usr/bin/redis-server-missing not found — run: apt-get install -y redis-server", e.Message);
    }
}

using System.Net.Sockets;
using System.Text;

namespace PostHog.Ingestion.Tests.Fixtures;

/// <summary>
/// A 1×1 ClickHouse cluster named <c>posthog</c> (the AppHost's small-laptop topology): one ZooKeeper and one
/// clickhouse-server (18.16 from apt) with macros, remote_servers and distributed DDL, so ON CLUSTER and
/// Replicated/Distributed tables run for real.
/// </summary>
public sealed class ClickHouseCluster : IDisposable
{
    public const string Password = "ch-test";

    private readonly List<ChildProcess> processes = [];
    private readonly string directory = ChildProcess.NewDirectory("ingestion-ch");

    public int HttpPort { get; } = ChildProcess.FreePort();

    public string ConnectionString(string database = "default") =>
        $"Endpoint=http://127.0.0.1:{HttpPort};Username=default;Password={Password};Database={database};Cluster=posthog";

    public static async Task<ClickHouseCluster> StartAsync()
    {
        var cluster = new ClickHouseCluster();
        try
        {
            var zooKeeperPort = await cluster.StartZooKeeperAsync();
            await cluster.StartClickHouseAsync(zooKeeperPort);
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    private async Task<int> StartZooKeeperAsync()
    {
        var port = ChildProcess.FreePort();
        var data = Directory.CreateDirectory(Path.Combine(directory, "zookeeper")).FullName;
        var config = Path.Combine(directory, "zoo.cfg");
        await File.WriteAllTextAsync(config, $"""
            tickTime=2000
            dataDir={data}
            clientPort={port}
            clientPortAddress=127.0.0.1
            admin.enableServer=false
            4lw.commands.whitelist=ruok,stat,mntr,srvr
            """);
        var zooKeeper = ChildProcess.Start("java", ["-Xmx128m", "-XX:+UseSerialGC", "-cp", "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar",
            "org.apache.zookeeper.server.quorum.QuorumPeerMain", config]);
        processes.Add(zooKeeper);
        await zooKeeper.WaitUntilAsync(async () =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            await using var stream = client.GetStream();
            await stream.WriteAsync("ruok"u8.ToArray());
            var buffer = new byte[4];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read) == "imok";
        }, TimeSpan.FromSeconds(30), "zookeeper");
        return port;
    }

    private async Task StartClickHouseAsync(int zooKeeperPort)
    {
        var tcpPort = ChildProcess.FreePort();
        var node = Directory.CreateDirectory(Path.Combine(directory, "clickhouse")).FullName;
        await File.WriteAllTextAsync(Path.Combine(node, "config.xml"), $"""
            <yandex>
              <logger><level>warning</level><log>{node}/server.log</log><errorlog>{node}/error.log</errorlog><console>0</console></logger>
              <listen_host>127.0.0.1</listen_host>
              <http_port>{HttpPort}</http_port>
              <tcp_port>{tcpPort}</tcp_port>
              <interserver_http_port>{ChildProcess.FreePort()}</interserver_http_port>
              <interserver_http_host>127.0.0.1</interserver_http_host>
              <path>{node}/data/</path>
              <tmp_path>{node}/tmp/</tmp_path>
              <user_files_path>{node}/user_files/</user_files_path>
              <format_schema_path>{node}/format_schemas/</format_schema_path>
              <timezone>UTC</timezone>
              <mark_cache_size>536870912</mark_cache_size>
              <users_config>users.xml</users_config>
              <default_profile>default</default_profile>
              <default_database>default</default_database>
              <remote_servers>
                <posthog><shard><internal_replication>true</internal_replication>
                  <replica><host>127.0.0.1</host><port>{tcpPort}</port><user>default</user><password>{Password}</password></replica>
                </shard></posthog>
              </remote_servers>
              <zookeeper><node><host>127.0.0.1</host><port>{zooKeeperPort}</port></node><session_timeout_ms>30000</session_timeout_ms></zookeeper>
              <macros><shard>1</shard><replica>r1</replica></macros>
              <distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>
            </yandex>
            """);
        await File.WriteAllTextAsync(Path.Combine(node, "users.xml"), $"""
            <yandex>
              <profiles><default></default></profiles>
              <users><default><password>{Password}</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
              <quotas><default></default></quotas>
            </yandex>
            """);
        var server = ChildProcess.Start("clickhouse-server", [$"--config-file={node}/config.xml"], workingDirectory: node);
        processes.Add(server);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await server.WaitUntilAsync(async () => (await http.GetStringAsync($"http://127.0.0.1:{HttpPort}/ping")).StartsWith("Ok", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "clickhouse-server");
    }

    public void Dispose()
    {
        foreach (var process in Enumerable.Reverse(processes)) process.Dispose();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

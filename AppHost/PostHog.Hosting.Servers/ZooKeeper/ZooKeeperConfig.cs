using System.Globalization;
using System.Text;

namespace PostHog.Hosting.Servers.ZooKeeper;

/// <summary>One ensemble member's quorum addresses.</summary>
public sealed record ZooKeeperPeer(int Id, int PeerPort, int ElectionPort);

/// <summary>zoo.cfg for a loopback ensemble member (or a standalone server when it is alone).</summary>
public static class ZooKeeperConfig
{
    /// <summary>
    /// 1 s ticks: sessions may last 2–20 s, so ClickHouse's session (10 s) of a killed replica expires soon and the
    /// restarted replica catches up quickly. Jetty's admin server is off (it would open :8080 on every interface).
    /// </summary>
    public static string Render(string dataDirectory, int clientPort, IReadOnlyList<ZooKeeperPeer> peers)
    {
        var cfg = new StringBuilder();
        cfg.AppendLine("# Written by the AppHost on every start (PostHog.Hosting.Servers).");
        cfg.AppendLine("tickTime=1000");
        cfg.AppendLine("initLimit=10");
        cfg.AppendLine("syncLimit=5");
        cfg.AppendLine(CultureInfo.InvariantCulture, $"dataDir={dataDirectory}");
        cfg.AppendLine(CultureInfo.InvariantCulture, $"clientPort={clientPort}");
        cfg.AppendLine("clientPortAddress=127.0.0.1");
        cfg.AppendLine("maxClientCnxns=0");
        cfg.AppendLine("admin.enableServer=false");
        cfg.AppendLine("4lw.commands.whitelist=ruok,stat,srvr,mntr,conf,isro");
        cfg.AppendLine("autopurge.snapRetainCount=3");
        cfg.AppendLine("autopurge.purgeInterval=1");
        if (peers.Count > 1)
        {
            foreach (var peer in peers)
            {
                cfg.AppendLine(CultureInfo.InvariantCulture, $"server.{peer.Id}=127.0.0.1:{peer.PeerPort}:{peer.ElectionPort}");
            }
        }

        return cfg.ToString();
    }

    /// <summary>
    /// JVM arguments: a small serial-GC heap (the default would reserve a quarter of RAM), no perf-data files in /tmp,
    /// slf4j-simple so the log goes to stderr (the AppHost's resource log).
    /// </summary>
    public static IReadOnlyList<string> JavaArguments(string configFile, string zooKeeperJar, string slf4jSimpleJar) =>
    [
        "-Xmx128m", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1",
        "-Dzookeeper.admin.enableServer=false", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", $"{zooKeeperJar}:{slf4jSimpleJar}",
        "org.apache.zookeeper.server.quorum.QuorumPeerMain", configFile,
    ];
}

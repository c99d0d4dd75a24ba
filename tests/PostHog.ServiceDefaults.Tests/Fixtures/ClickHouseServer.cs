using System.Security;

namespace PostHog.ServiceDefaults.Tests.Fixtures;

/// <summary>
/// A throw-away single clickhouse-server (the one from apt: 18.16 here) on free loopback ports. Test-only: the
/// AppHost's ClickHouse resource is another project's.
/// </summary>
public sealed class ClickHouseServer : IAsyncLifetime
{
    public const string Password = "p@ss'w;rd";

    private ServerProcess? server;

    public int HttpPort { get; } = FreePort.Next();

    public string Endpoint => $"http://127.0.0.1:{HttpPort}";

    public string ConnectionString(params string[] endpointsBefore) =>
        $"Endpoint={string.Join(',', endpointsBefore.Append(Endpoint))};Username=default;Password=\"{Password}\";Database=default;Cluster=posthog";

    public async Task InitializeAsync()
    {
        var directory = ServerProcess.NewDirectory("clickhouse-test");
        await File.WriteAllTextAsync(Path.Combine(directory, "config.xml"), $"""
            <yandex>
              <logger><level>warning</level><log>{directory}/server.log</log><errorlog>{directory}/error.log</errorlog><console>0</console></logger>
              <listen_host>127.0.0.1</listen_host>
              <http_port>{HttpPort}</http_port>
              <tcp_port>{FreePort.Next()}</tcp_port>
              <path>{directory}/data/</path>
              <tmp_path>{directory}/tmp/</tmp_path>
              <user_files_path>{directory}/user_files/</user_files_path>
              <format_schema_path>{directory}/format_schemas/</format_schema_path>
              <timezone>UTC</timezone>
              <mark_cache_size>5368709120</mark_cache_size>
              <users_config>users.xml</users_config>
              <default_profile>default</default_profile>
              <default_database>default</default_database>
            </yandex>
            """);
        await File.WriteAllTextAsync(Path.Combine(directory, "users.xml"), $"""
            <yandex>
              <profiles><default></default></profiles>
              <users><default><password>{SecurityElement.Escape(Password)}</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
              <quotas><default></default></quotas>
            </yandex>
            """);
        server = ServerProcess.Start(directory, "clickhouse-server", $"--config-file={directory}/config.xml");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await server.WaitUntilAsync(async () => (await http.GetStringAsync($"{Endpoint}/ping")).StartsWith("Ok", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "clickhouse-server");
    }

    public Task DisposeAsync()
    {
        server?.Dispose();
        return Task.CompletedTask;
    }
}

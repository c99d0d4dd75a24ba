namespace PostHog.Hosting.Servers;

/// <summary>
/// The image each natively run server becomes when published (the manifest's container.v0 and Kubernetes).
/// ClickHouse: the newest image line PostHog runs; our SQL keeps to what 18.16 (the local package) also supports.
/// </summary>
public static class ServerImages
{
    public static readonly ContainerImage Postgres = new("library/postgres", "15", "docker.io");
    public static readonly ContainerImage PgBouncer = new("edoburu/pgbouncer", "latest", "docker.io");
    public static readonly ContainerImage Redis = new("library/redis", "7", "docker.io");
    public static readonly ContainerImage ZooKeeper = new("library/zookeeper", "3.8", "docker.io");
    public static readonly ContainerImage ClickHouse = new("clickhouse/clickhouse-server", "23.12", "docker.io");
    public static readonly ContainerImage Kafka = new("apache/kafka", "3.9.0", "docker.io");
}

public sealed record ContainerImage(string Image, string Tag, string Registry);

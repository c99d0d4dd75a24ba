using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Kubernetes.Writers;
using PostHog.Hosting.Servers.ClickHouse;
using PostHog.Hosting.Servers.PgBouncer;
using PostHog.Hosting.Servers.Postgres;
using PostHog.Hosting.Servers.ZooKeeper;

namespace PostHog.Hosting.Kubernetes;

/// <summary>The writers for this repository's resource types, most specific first (the local ingress before any project).</summary>
public static class KubernetesResourceWriters
{
    public static IReadOnlyList<KubernetesResourceWriter> Defaults() =>
    [
        new IngressWriter(),
        new ProjectWriter(),
        new ParameterWriter(),
        new PostgresWriter(),
        new PgBouncerWriter(),
        new RedisWriter(),
        new KafkaWriter(),
        new ZooKeeperWriter(),
        new ClickHouseWriter(),
        // Values only: a database is its server's connection string; cluster nodes are addressed by their cluster's writer.
        new ValueOnlyWriter<PostgresDatabaseResource>(),
        new ValueOnlyWriter<PgBouncerDatabaseResource>(),
        new ValueOnlyWriter<ConnectionStringResource>(),
        new ValueOnlyWriter<ZooKeeperNodeResource>(),
        new ValueOnlyWriter<ClickHouseNodeResource>(),
    ];
}

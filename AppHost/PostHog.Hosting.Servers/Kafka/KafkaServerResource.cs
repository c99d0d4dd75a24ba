using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Servers.Kafka;

/// <summary>
/// The project's own single-node Kafka-wire broker (AppHost/PostHog.LocalKafka) run with <c>dotnet exec</c>; Aspire's
/// Kafka connection string (bootstrap servers) and properties. Its HTTP endpoint serves /health only.
/// </summary>
public sealed class KafkaServerResource(string name, string stateDirectory)
    : ExecutableResource(name, "dotnet", stateDirectory), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";

    public const string HttpEndpointName = "http";

    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    public EndpointReference HttpEndpoint => new(this, HttpEndpointName);

    public string StateDirectory => WorkingDirectory;

    public string DataDirectory => Path.Combine(StateDirectory, "data");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");

    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties() =>
    [
        new("Host", ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.Host)}")),
        new("Port", ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.Port)}")),
    ];
}

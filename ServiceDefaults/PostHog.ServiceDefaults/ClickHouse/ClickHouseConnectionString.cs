using System.Data.Common;

namespace PostHog.ServiceDefaults.ClickHouse;

/// <summary>
/// <c>Endpoint=http://host:port[,http://host:port…];Username=;Password=;Database=;Cluster=</c>: every node's HTTP URL,
/// so the client can fail over when one replica is down (the AppHost's ClickHouse resource writes it).
/// </summary>
public sealed record ClickHouseConnectionString(IReadOnlyList<Uri> Endpoints, string Username, string Password, string Database, string? Cluster)
{
    public static ClickHouseConnectionString Parse(string connectionString)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string? Value(params string[] keys) =>
            keys.Select(key => parts.TryGetValue(key, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null)
                .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));

        var endpointList = Value("Endpoint", "Endpoints")
            ?? throw new FormatException("ClickHouse connection string has no Endpoint (comma-separated node URLs).");
        var endpoints = endpointList
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ParseEndpoint)
            .ToArray();
        if (endpoints.Length == 0)
        {
            throw new FormatException("ClickHouse connection string has an empty Endpoint.");
        }

        return new ClickHouseConnectionString(
            endpoints,
            Value("Username", "User") ?? "default",
            Value("Password") ?? string.Empty,
            Value("Database") ?? "default",
            Value("Cluster"));
    }

    private static Uri ParseEndpoint(string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new FormatException($"ClickHouse endpoint '{endpoint}' is not an http(s) URL.");
        }

        // Requests are made relative to the node's root path ("/?query=…").
        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }

    /// <summary>The credentials are left out so the value is safe to log.</summary>
    public override string ToString() => $"Endpoint={string.Join(',', Endpoints)};Username={Username};Database={Database};Cluster={Cluster}";
}

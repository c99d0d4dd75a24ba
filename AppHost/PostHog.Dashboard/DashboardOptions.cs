using PostHog.Dashboard.Storage;

namespace PostHog.Dashboard;

/// <summary>Where the dashboard listens, where it keeps its state, and who may use it.</summary>
public sealed record DashboardOptions
{
    public const string DefaultFrontendUrl = "http://localhost:18888";
    public const string DefaultOtlpGrpcUrl = "http://localhost:18889";
    public const string DefaultOtlpHttpUrl = "http://localhost:18890";

    /// <summary>The UI and JSON API (Aspire: the AppHost's ASPNETCORE_URLS). Port 0 picks a free port.</summary>
    public string FrontendUrl { get; init; } = DefaultFrontendUrl;

    /// <summary>OTLP over gRPC (h2c).</summary>
    public string OtlpGrpcUrl { get; init; } = DefaultOtlpGrpcUrl;

    /// <summary>OTLP over HTTP (protobuf or JSON).</summary>
    public string OtlpHttpUrl { get; init; } = DefaultOtlpHttpUrl;

    /// <summary>Telemetry database and the browser token file.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>The login token; null = the one kept in <see cref="StateDirectory"/> (generated on first start).</summary>
    public string? BrowserToken { get; init; }

    /// <summary>When set, OTLP from a non-loopback address is accepted with this x-otlp-api-key.</summary>
    public string? OtlpApiKey { get; init; }

    /// <summary>No login at all (Aspire: ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS).</summary>
    public bool Unsecured { get; init; }

    public TelemetryLimits Limits { get; init; } = new();
}

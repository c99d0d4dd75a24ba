namespace PostHog.Hosting;

/// <summary>Configuration keys the AppHost reads about itself (command-line switches map onto them).</summary>
public static class AppHostConfigurationNames
{
    /// <summary>Data dirs, logs, pid records and generated secrets. Default: {repo root}/.state.</summary>
    public const string StateDirectory = "AppHost:StateDirectory";

    /// <summary>true (or the bare <c>--fresh</c> switch): delete the state folder before starting.</summary>
    public const string Fresh = "AppHost:Fresh";

    /// <summary>run (default) or publish; <c>--publisher manifest</c> implies publish.</summary>
    public const string Operation = "AppHost:Operation";

    /// <summary>Ignore fixed ports and allocate every endpoint a free one (Aspire: DcpPublisher:RandomizePorts).</summary>
    public const string RandomizePorts = "AppHost:RandomizePorts";

    /// <summary>Forward every resource's console output to ILogger (on in tests).</summary>
    public const string ForwardResourceLogs = "AppHost:ForwardResourceLogs";

    /// <summary>Seconds from launch until healthy before a resource counts as failed (default 60).</summary>
    public const string StartTimeout = "AppHost:StartTimeout";

    /// <summary>Seconds a SIGTERM'd resource may take to exit before SIGKILL (default 10).</summary>
    public const string StopTimeout = "AppHost:StopTimeout";

    /// <summary>Print transitions and the resource table to the console (default true when run from Main).</summary>
    public const string ConsoleReport = "AppHost:ConsoleReport";

    public const string Publisher = "Publishing:Publisher";

    public const string OutputPath = "Publishing:OutputPath";

    /// <summary>Topology size selector (<c>--topology small</c>), read by the topology parameters.</summary>
    public const string TopologyMode = "Topology:Mode";

    /// <summary>Aspire's dashboard OTLP endpoints: when set, projects get OTEL_EXPORTER_OTLP_* variables.</summary>
    public const string DashboardOtlpGrpcEndpointUrl = "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL";

    public const string DashboardOtlpHttpEndpointUrl = "ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL";

    public const string OtlpApiKey = "AppHost:OtlpApiKey";

    /// <summary>false: no dashboard (the testing harness's default, Aspire's DisableDashboard).</summary>
    public const string Dashboard = "AppHost:Dashboard";

    /// <summary>The dashboard's UI URL (default http://localhost:18888; Aspire reads the AppHost's ASPNETCORE_URLS).</summary>
    public const string DashboardUrl = "AppHost:DashboardUrl";

    /// <summary>Overrides the dashboard login token kept in {state}/dashboard/browser-token.</summary>
    public const string BrowserToken = "AppHost:BrowserToken";

    public static readonly IReadOnlyDictionary<string, string> SwitchMappings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--publisher"] = Publisher,
        ["--output-path"] = OutputPath,
        ["--operation"] = Operation,
        ["--state-dir"] = StateDirectory,
        ["--topology"] = TopologyMode,
    };
}

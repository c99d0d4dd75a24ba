namespace PostHog.Ingress;

/// <summary>A path prefix and the service it belongs to. Matches the prefix itself, with a trailing slash, and any sub-path (not <c>/events</c> for <c>/e</c>).</summary>
public sealed record IngressPathFamily(string Service, string PathPrefix);

/// <summary>
/// The one route table of the public entry point: YARP (local) and the Kubernetes Ingress publisher both read it.
/// Anything not listed goes to <see cref="FallbackService"/>.
/// </summary>
public static class IngressRoutes
{
    public const string Capture = "capture";
    public const string Decide = "decide";
    public const string Web = "web";
    public const string FallbackService = Web;

    /// <summary>Capture accepts 20 MB batches; the ingress lets a little more through so capture answers the 413 itself.</summary>
    public const long CaptureMaxRequestBodyBytes = 32L * 1024 * 1024;

    public static IReadOnlyList<IngressPathFamily> PathFamilies { get; } =
    [
        // The endpoints posthog-js and the server SDKs post events to.
        new(Capture, "/e"),
        new(Capture, "/i/v0/e"),
        new(Capture, "/batch"),
        new(Capture, "/capture"),
        new(Capture, "/track"),
        new(Capture, "/engage"),
        new(Capture, "/s"),
        // Flags and remote config (/array/<token>/config.js is posthog-js' remote config).
        new(Decide, "/decide"),
        new(Decide, "/flags"),
        new(Decide, "/array"),
        // Server SDKs' local evaluation downloads flag definitions with a personal API key.
        new(Decide, "/api/feature_flag/local_evaluation"),
    ];

    /// <summary>Every service the table routes to, fallback included.</summary>
    public static IReadOnlyList<string> Services { get; } = PathFamilies.Select(family => family.Service).Append(FallbackService).Distinct().ToArray();
}

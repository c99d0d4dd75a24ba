using System.Reflection;

namespace PostHog.Hosting;

/// <summary>How <see cref="DistributedApplication.CreateBuilder(DistributedApplicationOptions)"/> sets the builder up.</summary>
public sealed class DistributedApplicationOptions
{
    public string[]? Args { get; set; }

    /// <summary>The AppHost assembly (user secrets id, AppHost project directory). Defaults to the entry assembly.</summary>
    public Assembly? Assembly { get; set; }

    /// <summary>Overrides the AppHost project directory (otherwise from the assembly's build metadata).</summary>
    public string? ProjectDirectory { get; set; }

    /// <summary>Configuration added after the defaults (testing uses it for random ports and a temp state folder).</summary>
    public IDictionary<string, string?> ConfigurationOverrides { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
}

using System.Security.Cryptography;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Logging;
using PostHog.Hosting.Processes;

namespace PostHog.Hosting.Orchestration;

/// <summary>One process of a resource (a replica): its id, ports, log and process.</summary>
internal sealed class ResourceInstance(IResource resource, int index, int replicas)
{
    private const string SuffixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public IResource Resource { get; } = resource;

    public int Index { get; } = index;

    /// <summary>8 random characters, like DCP's object-name suffix; becomes <c>service.instance.id</c>.</summary>
    public string InstanceSuffix { get; } = RandomNumberGenerator.GetString(SuffixAlphabet, 8);

    /// <summary>The resource name, or <c>{name}-{suffix}</c> for a replica (as Aspire names replicas).</summary>
    public string Id => replicas == 1 ? Resource.Name : $"{Resource.Name}-{InstanceSuffix}";

    public string LogName => replicas == 1 ? Resource.Name : $"{Resource.Name}-{Index}";

    public Dictionary<string, AllocatedEndpoint> Endpoints { get; } = new(StringComparer.Ordinal);

    public ResourceLogStream? Log { get; set; }

    public RunningProcess? Process { get; set; }

    /// <summary>Set before the AppHost stops it, so its exit is not reported as a crash.</summary>
    public bool StopRequested { get; set; }
}

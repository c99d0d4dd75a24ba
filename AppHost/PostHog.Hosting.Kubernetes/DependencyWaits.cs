using System.Text;
using k8s.Models;
using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Kubernetes;

/// <summary>
/// <c>WaitFor</c> and <c>WaitForCompletion</c> as init containers: one that waits until every dependency's port accepts
/// connections, and one per awaited Job (<c>kubectl wait --for=condition=complete</c>; a failed attempt is retried by
/// the kubelet, so a Job that does not exist yet is simply waited for).
/// </summary>
public static class DependencyWaits
{
    public const string WaitForDependenciesContainer = "wait-for-dependencies";

    /// <summary>The ServiceAccount allowed to read Jobs, for pods that wait for one.</summary>
    public static string JobWaiterAccount(string jobName) => $"{jobName}-waiter";

    public static List<V1Container> InitContainers(IResource resource, KubernetesPublishingContext context)
    {
        var containers = new List<V1Container>();
        var waits = resource.Annotations.OfType<WaitAnnotation>().ToList();
        var addresses = waits
            .Where(w => w.WaitType != WaitType.WaitForCompletion)
            .SelectMany(w => context.Addresses.ReadinessOf(w.Resource.Name))
            .DistinctBy(a => a.HostAndPort)
            .ToList();
        if (addresses.Count > 0)
        {
            var script = new StringBuilder();
            foreach (var address in addresses)
            {
                // -z: connect and close at once (a server that keeps idle connections open must not hold the wait).
                script.Append("until nc -z -w 2 ").Append(address.Host).Append(' ').Append(address.Port)
                    .Append("; do echo waiting for ").Append(address.HostAndPort).Append("; sleep 2; done\n");
            }

            containers.Add(new V1Container
            {
                Name = WaitForDependenciesContainer,
                Image = context.Image(context.Options.WaitImage),
                Command = ["sh", "-c", script.ToString()],
            });
        }

        foreach (var job in waits.Where(w => w.WaitType == WaitType.WaitForCompletion).Select(w => w.Resource.Name).Distinct(StringComparer.Ordinal))
        {
            containers.Add(new V1Container
            {
                Name = $"wait-for-{job}",
                Image = context.Image(context.Options.KubectlImage),
                Command = ["kubectl", "wait", "--for=condition=complete", $"job/{job}", "--timeout=600s"],
            });
        }

        return containers;
    }

    /// <summary>The Job this resource waits to complete, if any (its pods then run as that Job's waiter account).</summary>
    public static string? AwaitedJob(IResource resource)
        => resource.Annotations.OfType<WaitAnnotation>().Where(w => w.WaitType == WaitType.WaitForCompletion).Select(w => w.Resource.Name).FirstOrDefault();

    /// <summary>ServiceAccount, Role (get/list/watch Jobs) and RoleBinding for pods that wait for <paramref name="jobName"/>.</summary>
    public static IEnumerable<(string File, k8s.IKubernetesObject Object)> JobWaiterAccess(string jobName)
    {
        var name = JobWaiterAccount(jobName);
        yield return ("serviceaccount.yaml", new V1ServiceAccount
        {
            ApiVersion = "v1",
            Kind = "ServiceAccount",
            Metadata = KubernetesLabels.Metadata(name, jobName, "job-waiter"),
        });
        yield return ("role.yaml", new V1Role
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "Role",
            Metadata = KubernetesLabels.Metadata(name, jobName, "job-waiter"),
            Rules = [new V1PolicyRule { ApiGroups = ["batch"], Resources = ["jobs"], ResourceNames = [jobName], Verbs = ["get", "list", "watch"] }],
        });
        yield return ("rolebinding.yaml", new V1RoleBinding
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "RoleBinding",
            Metadata = KubernetesLabels.Metadata(name, jobName, "job-waiter"),
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = name },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = name }],
        });
    }
}

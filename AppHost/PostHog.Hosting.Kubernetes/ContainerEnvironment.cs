using k8s.Models;
using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Kubernetes;

/// <summary>
/// A resource's variables split the way a cluster keeps them: plain values in a ConfigMap (<c>{name}-env</c>, via
/// <c>envFrom</c>); anything holding a parameter or a connection string in the container's <c>env</c>, where each
/// parameter comes from the parameters Secret and is spliced into the rest by Kubernetes' <c>$(VAR)</c> expansion.
/// So no password and no connection string is ever in a ConfigMap, and no secret value is in any committed file.
/// </summary>
public sealed class ContainerEnvironment
{
    private ContainerEnvironment(SortedDictionary<string, string> configMap, List<V1EnvVar> env)
    {
        ConfigMapData = configMap;
        Env = env;
    }

    public SortedDictionary<string, string> ConfigMapData { get; }

    public List<V1EnvVar> Env { get; }

    public static ContainerEnvironment From(IReadOnlyDictionary<string, string> manifestEnvironment, KubernetesPublishingContext context)
    {
        var configMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var secretBacked = new List<V1EnvVar>();
        var composed = new List<V1EnvVar>();
        var parameters = new SortedDictionary<string, ParameterResource>(StringComparer.Ordinal);
        foreach (var (name, expression) in manifestEnvironment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var value = context.Values.Resolve(expression);
            if (value.SoleParameter is { } sole)
            {
                secretBacked.Add(SecretVariable(name, sole, context));
            }
            else if (value.HasParameters || IsConnectionString(name))
            {
                composed.Add(new V1EnvVar { Name = name, Value = value.Text });
                foreach (var parameter in value.Parameters)
                {
                    parameters[KubernetesValueResolver.ParameterVariable(parameter)] = parameter;
                }
            }
            else
            {
                configMap[name] = value.Text;
            }
        }

        // Kubernetes expands $(X) only from variables listed earlier: the parameters first.
        var env = parameters.Select(p => SecretVariable(p.Key, p.Value, context)).Concat(secretBacked).Concat(composed).ToList();
        return new ContainerEnvironment(configMap, env);
    }

    public static V1EnvVar SecretVariable(string name, ParameterResource parameter, KubernetesPublishingContext context) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource
        {
            SecretKeyRef = new V1SecretKeySelector { Name = context.ParametersSecretName, Key = parameter.Name },
        },
    };

    public V1ConfigMap? ConfigMap(string resourceName, string component) => ConfigMapData.Count == 0 ? null : new V1ConfigMap
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = KubernetesLabels.Metadata(ConfigMapName(resourceName), resourceName, component),
        Data = new Dictionary<string, string>(ConfigMapData, StringComparer.Ordinal),
    };

    public List<V1EnvFromSource>? EnvFrom(string resourceName) => ConfigMapData.Count == 0
        ? null
        : [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = ConfigMapName(resourceName) } }];

    public static string ConfigMapName(string resourceName) => $"{resourceName}-env";

    private static bool IsConnectionString(string name) => name.StartsWith("ConnectionStrings__", StringComparison.Ordinal);
}

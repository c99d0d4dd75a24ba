using System.Globalization;
using System.Text.RegularExpressions;
using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Kubernetes;

/// <summary>
/// Substitutes manifest expressions (spec §2.5) with in-cluster values, as a deployer does: <c>{r.bindings.e.host}</c> →
/// the Service name, <c>{r.connectionString}</c> → the resource's own expression resolved in turn, <c>{p.value}</c> →
/// <c>$(PARAMETER_P)</c> whose value comes from the parameters Secret. No secret value is ever written.
/// </summary>
public sealed partial class KubernetesValueResolver(DistributedApplicationModel model, KubernetesAddresses addresses)
{
    private const int MaxDepth = 8;

    public KubernetesValue Resolve(string expression)
    {
        var parameters = new List<ParameterResource>();
        var text = Substitute(expression, parameters, 0);
        var sole = SoleParameterPattern().Match(expression) is { Success: true } m ? Find(m.Groups["name"].Value) as ParameterResource : null;
        return new KubernetesValue(text, parameters.Distinct().ToList()) { SoleParameter = sole };
    }

    /// <summary>The variable a parameter is exposed as inside a container, e.g. <c>PARAMETER_POSTGRES_PASSWORD</c>.</summary>
    public static string ParameterVariable(ParameterResource parameter) => $"PARAMETER_{ResourceNames.ToEnvironmentPrefix(parameter.Name)}";

    private string Substitute(string expression, List<ParameterResource> parameters, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidOperationException($"Expression nests too deeply: {expression}");
        }

        // Literal $( would be expanded by Kubernetes: $$ keeps it literal.
        var escaped = depth == 0 ? expression.Replace("$(", "$$(", StringComparison.Ordinal) : expression;
        return ExpressionPattern().Replace(escaped, match =>
        {
            var name = match.Groups["name"].Value;
            var path = match.Groups["path"].Value;
            var resource = Find(name) ?? throw new InvalidOperationException($"Expression '{match.Value}' names no resource in the model.");
            if (path.StartsWith("bindings.", StringComparison.Ordinal))
            {
                var parts = path.Split('.');
                var address = addresses.Get(name, parts[1]);
                return parts[2] switch
                {
                    "host" => address.Host,
                    "port" or "targetPort" => address.Port.ToString(CultureInfo.InvariantCulture),
                    "scheme" => address.Scheme,
                    "url" => address.Url,
                    _ => throw new InvalidOperationException($"Unknown endpoint property in '{match.Value}'."),
                };
            }

            return (path, resource) switch
            {
                ("connectionString", IResourceWithConnectionString connection) => Substitute(connection.ConnectionStringExpression.ValueExpression, parameters, depth + 1),
                ("value" or "inputs.value", ParameterResource parameter) => Reference(parameter, parameters),
                _ => throw new InvalidOperationException($"'{match.Value}': '{name}' has no '{path}'."),
            };
        });
    }

    private static string Reference(ParameterResource parameter, List<ParameterResource> parameters)
    {
        parameters.Add(parameter);
        return $"$({ParameterVariable(parameter)})";
    }

    private IResource? Find(string name) => model.Resources.FirstOrDefault(r => r.Name == name);

    [GeneratedRegex(@"\{(?<name>[a-zA-Z][a-zA-Z0-9-]*)\.(?<path>bindings\.[a-zA-Z0-9-]+\.(?:url|host|port|targetPort|scheme)|connectionString|value|inputs\.value)\}")]
    private static partial Regex ExpressionPattern();

    [GeneratedRegex(@"^\{(?<name>[a-zA-Z][a-zA-Z0-9-]*)\.(?:value|inputs\.value)\}$")]
    private static partial Regex SoleParameterPattern();
}

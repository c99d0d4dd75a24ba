using System.Text.RegularExpressions;
using k8s.Models;
using PostHog.Hosting.Kubernetes.CustomResources;

namespace PostHog.Hosting.Kubernetes.Tests;

/// <summary>Cross-object rules a cluster would only reveal at apply or run time.</summary>
[Collection(PublishedManifestsCollection.Name)]
public sealed partial class ManifestConsistencyTests(PublishedManifests published)
{
    private const string NameLabel = "app.kubernetes.io/name";
    private readonly ManifestDocuments _documents = new(published);

    [Fact]
    public void Objects_sit_in_their_resource_folder_with_unique_names_per_kind()
    {
        foreach (var (file, kubernetesObject) in _documents.Objects.Where(o => o.File.Contains('/', StringComparison.Ordinal)))
        {
            var folder = file[..file.IndexOf('/', StringComparison.Ordinal)];
            Assert.True(kubernetesObject.Metadata.Labels is { } labels && labels.TryGetValue(NameLabel, out var name) && name == folder, $"{file}: label {NameLabel} should be '{folder}'");
        }

        var duplicates = _documents.Objects.GroupBy(o => (o.Object.Kind, o.Object.Metadata.Name)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Workload_selectors_match_their_own_pod_templates()
    {
        foreach (var (owner, template) in _documents.PodTemplates())
        {
            var selector = owner switch
            {
                V1Deployment d => d.Spec.Selector.MatchLabels,
                V1StatefulSet s => s.Spec.Selector.MatchLabels,
                _ => null,
            };
            if (selector is not null)
            {
                Assert.True(Selects(selector, template.Metadata.Labels), $"{owner.Kind} {owner.Metadata.Name}: selector does not match its template");
            }

            Assert.Equal(owner.Metadata.Labels[NameLabel], template.Metadata.Labels[NameLabel]);
        }
    }

    [Fact]
    public void Every_service_selects_a_pod_template_and_targets_ports_its_containers_name()
    {
        var services = _documents.OfType<V1Service>().ToList();
        Assert.NotEmpty(services);
        foreach (var service in services)
        {
            var selected = _documents.PodTemplates().Where(p => Selects(service.Spec.Selector, p.Template.Metadata.Labels)).ToList();
            Assert.True(selected.Count > 0, $"Service {service.Metadata.Name} selects no pod template");
            foreach (var port in service.Spec.Ports)
            {
                var name = port.TargetPort.Value;
                Assert.True(
                    selected.All(p => p.Template.Spec.Containers.Any(c => (c.Ports ?? []).Any(cp => cp.Name == name && cp.ContainerPort == port.Port))),
                    $"Service {service.Metadata.Name} port {port.Name} targets '{name}', which its pods do not expose on {port.Port}");
            }
        }
    }

    [Fact]
    public void Statefulsets_are_governed_by_an_existing_headless_service()
    {
        var services = _documents.OfType<V1Service>().ToDictionary(s => s.Metadata.Name);
        foreach (var statefulSet in _documents.OfType<V1StatefulSet>())
        {
            Assert.True(services.TryGetValue(statefulSet.Spec.ServiceName, out var headless), $"{statefulSet.Metadata.Name}: no Service {statefulSet.Spec.ServiceName}");
            Assert.Equal("None", headless!.Spec.ClusterIP);
            Assert.True(Selects(headless.Spec.Selector, statefulSet.Spec.Template.Metadata.Labels));
        }
    }

    [Fact]
    public void Every_referenced_configmap_secret_key_and_service_account_exists()
    {
        var configMaps = _documents.OfType<V1ConfigMap>().Select(c => c.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var generatedSecrets = _documents.Kustomizations.Values.SelectMany(k => k.SecretGenerator ?? []).Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        var accounts = _documents.OfType<V1ServiceAccount>().Select(a => a.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var parameterKeys = ParameterKeys();
        foreach (var (owner, template) in _documents.PodTemplates())
        {
            if (template.Spec.ServiceAccountName is { } account)
            {
                Assert.Contains(account, accounts);
            }

            foreach (var container in (template.Spec.InitContainers ?? []).Concat(template.Spec.Containers))
            {
                foreach (var from in container.EnvFrom ?? [])
                {
                    Assert.True(from.ConfigMapRef is null || configMaps.Contains(from.ConfigMapRef.Name), $"{owner.Metadata.Name}: ConfigMap {from.ConfigMapRef?.Name} does not exist");
                    Assert.Null(from.SecretRef);
                }

                foreach (var secret in (container.Env ?? []).Select(e => e.ValueFrom?.SecretKeyRef).OfType<V1SecretKeySelector>())
                {
                    Assert.Contains(secret.Name, generatedSecrets);
                    Assert.True(parameterKeys.Contains(secret.Key), $"{owner.Metadata.Name}: key {secret.Key} is not in parameters.env.example");
                }
            }
        }

        foreach (var installation in _documents.OfType<ClickHouseInstallation>())
        {
            var reference = (string)installation.Spec.Configuration.Users!["default/k8s_secret_password"];
            var parts = reference.Split('/');
            Assert.Contains(parts[0], generatedSecrets);
            Assert.Contains(parts[1], parameterKeys);
        }

        foreach (var binding in _documents.OfType<V1RoleBinding>())
        {
            Assert.Contains(_documents.OfType<V1Role>(), r => r.Metadata.Name == binding.RoleRef.Name);
            Assert.All(binding.Subjects, s => Assert.Contains(s.Name, accounts));
        }
    }

    [Fact]
    public void No_password_or_connection_string_is_in_a_configmap_and_no_secret_value_is_committed()
    {
        foreach (var configMap in _documents.OfType<V1ConfigMap>())
        {
            foreach (var (key, value) in configMap.Data)
            {
                Assert.False(key.StartsWith("ConnectionStrings__", StringComparison.Ordinal), $"{configMap.Metadata.Name}: {key}");
                Assert.DoesNotContain("PASSWORD", key, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("$(PARAMETER_", value, StringComparison.Ordinal);
                Assert.DoesNotContain("password=", value, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.Empty(_documents.OfType<V1Secret>());
        Assert.DoesNotContain(published.Generated.Keys, f => f == "parameters/parameters.env");
        Assert.All(published.Generated["parameters/parameters.env.example"].Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')), line => Assert.EndsWith("=", line, StringComparison.Ordinal));
        Assert.Contains("parameters/parameters.env", published.Generated[".gitignore"], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_variable_reference_in_env_is_defined_earlier_in_the_same_container()
    {
        foreach (var (owner, template) in _documents.PodTemplates())
        {
            foreach (var container in template.Spec.Containers)
            {
                var defined = new HashSet<string>(StringComparer.Ordinal);
                foreach (var variable in container.Env ?? [])
                {
                    foreach (Match reference in VariableReference().Matches(variable.Value ?? string.Empty))
                    {
                        Assert.True(defined.Contains(reference.Groups[1].Value), $"{owner.Metadata.Name}/{container.Name}: {variable.Name} uses $({reference.Groups[1].Value}) before it is defined");
                    }

                    defined.Add(variable.Name);
                }

                foreach (Match reference in VariableReference().Matches(string.Join(' ', (container.Args ?? []).Concat(container.Command ?? []))))
                {
                    Assert.Contains(reference.Groups[1].Value, defined);
                }
            }
        }
    }

    private HashSet<string> ParameterKeys() => published.Generated["parameters/parameters.env.example"].Split('\n')
        .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
        .Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)])
        .ToHashSet(StringComparer.Ordinal);

    private static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string>? labels)
        => selector is { Count: > 0 } && labels is not null && selector.All(s => labels.TryGetValue(s.Key, out var value) && value == s.Value);

    // $(NAME) not preceded by another $ (which escapes it).
    [GeneratedRegex(@"(?<!\$)\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();
}

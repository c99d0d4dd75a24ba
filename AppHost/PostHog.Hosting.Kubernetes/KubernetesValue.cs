using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Kubernetes;

/// <summary>
/// A manifest expression turned into what a pod spec can hold: the text, with every parameter as a <c>$(VARIABLE)</c>
/// reference that Kubernetes expands from a Secret-backed variable defined before it.
/// </summary>
public sealed record KubernetesValue(string Text, IReadOnlyList<ParameterResource> Parameters)
{
    /// <summary>The value is one parameter and nothing else (it can be a plain <c>secretKeyRef</c>).</summary>
    public ParameterResource? SoleParameter { get; init; }

    public bool HasParameters => Parameters.Count > 0;
}

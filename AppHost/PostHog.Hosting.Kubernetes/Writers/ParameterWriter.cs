using System.Globalization;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Kubernetes.Kustomize;

namespace PostHog.Hosting.Kubernetes.Writers;

/// <summary>
/// Every parameter is a key of one Secret that kustomize builds from <c>parameters/parameters.env</c>. That file is the
/// deployer's (git-ignored, never generated): the publisher writes only <c>parameters.env.example</c> naming each key and
/// how to make its value, so no generated password is ever committed.
/// </summary>
public sealed class ParameterWriter : KubernetesResourceWriter<ParameterResource>
{
    public const string Folder = "parameters";
    public const string EnvFile = "parameters.env";
    public const string ExampleFile = "parameters.env.example";

    protected override Task WriteAsync(ParameterResource resource, KubernetesPublishingContext context, CancellationToken cancellationToken)
    {
        var folder = context.Folder(Folder);
        if (folder.SecretGenerators.Count == 0)
        {
            folder.SecretGenerators.Add(new KustomizeSecretGenerator { Name = context.ParametersSecretName, Envs = [EnvFile] });
            folder.Files[ExampleFile] =
                "# Copy to parameters.env (git-ignored) and fill every value before `kubectl apply -k`; kustomize builds\n" +
                $"# the Secret '{context.ParametersSecretName}' from it. Keep it: Postgres, Redis and ClickHouse keep the passwords they start with.\n";
        }

        var generated = resource.Annotations.OfType<GeneratedParameterAnnotation>().LastOrDefault();
        var what = (resource.Secret ? "secret" : "not secret", generated) switch
        {
            (var kind, { } g) => string.Create(CultureInfo.InvariantCulture, $"{kind}; generate {g.MinLength} random letters and digits (e.g. openssl rand -base64 64 | tr -dc A-Za-z0-9 | head -c {g.MinLength})"),
            (var kind, null) => $"{kind}; the value AppHost configuration Parameters:{resource.Name} has",
        };
        folder.Files[ExampleFile] += $"\n# {resource.Name}: {what}\n{resource.Name}=\n";
        return Task.CompletedTask;
    }
}

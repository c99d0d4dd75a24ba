namespace PostHog.Hosting.Kubernetes;

/// <summary>The README written beside the manifests: how they were made and what a deployer fills in.</summary>
public static class ManifestsReadme
{
    public static string Render(KubernetesPublisherOptions options) => $$"""
        # Kubernetes manifests (generated)

        Written by the AppHost's Kubernetes publisher from the same model `eng/run.sh` runs; never edit by hand.
        Regenerate from the repository root:

            dotnet run --project AppHost/PostHog.AppHost -- --publisher kubernetes --output-path manifests

        A test (`tests/PostHog.Hosting.Kubernetes.Tests`) fails when this folder differs from a fresh publish.

        ## Layout (kustomize)

        - `kustomization.yaml`: namespace `{{options.Namespace}}`, every folder below, and `images:` — the one place to
          point each image at your registry and tag (`newName`, `newTag`). Project images are
          `<registry>/<resource>:<tag>`, built with `dotnet publish <project> -t:PublishContainer`.
        - `namespace.yaml`, then one folder per resource, each with its own `kustomization.yaml`.
        - `parameters/`: the Secret `posthog-parameters`, built by kustomize from `parameters/parameters.env`.
        - Backing servers: `postgres` (StatefulSet) with `pgbouncer` (Deployment, transaction pooling) in front, `redis`
          (StatefulSet), `kafka` (Apache Kafka, KRaft StatefulSet), `zookeeper` (StatefulSet ensemble), `clickhouse`
          (a `ClickHouseInstallation`: shards × replicas managed by the Altinity clickhouse-operator, replicated through
          the ZooKeeper ensemble).
        - Services: a Deployment + Service each, readiness on `/health`, liveness on `/alive`; `migrations` is a Job.
        - `ingress/`: the Ingress with the local ingress' route table (`AppHost/PostHog.Ingress.Routes`).

        ## Secrets

        No secret value is in this folder. Copy `parameters/parameters.env.example` to `parameters/parameters.env`
        (git-ignored), fill every line, and keep that file safe: the databases keep the passwords they were created with.
        Plain settings are in ConfigMaps (`<resource>-env`); passwords only in the Secret; a connection string that
        needs a password is composed inside the pod from Secret-backed variables (`$(PARAMETER_…)`, expanded by
        Kubernetes), so it is never stored in a ConfigMap.

        ## Order

        Init containers do what `WaitFor` does locally: `wait-for-dependencies` waits until each backing server's port
        answers, and `wait-for-migrations` runs `kubectl wait --for=condition=complete job/migrations` (RBAC for it is
        in `migrations/`). A Job's pod template cannot change, so delete the finished Job before applying a new release:

            kubectl -n {{options.Namespace}} delete job migrations --ignore-not-found
            kubectl apply -k manifests

        ## Prerequisites

        - The Altinity clickhouse-operator (its CRDs and controller) in the cluster.
        - An ingress controller for class `{{options.IngressClassName}}` (the body-size annotation is ingress-nginx's).
        - A default StorageClass for the volume claims.

        """;
}

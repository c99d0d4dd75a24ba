using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.Native;

namespace PostHog.Hosting.Servers.Redis;

/// <summary>Aspire.Hosting.Redis's AddRedis over a native redis-server.</summary>
public static class RedisBuilderExtensions
{
    /// <summary>
    /// A password-protected Redis. Persistence defaults to an append-only file: our services keep more than cache
    /// entries in Redis (feature-flag definitions, rate-limit windows, worker state) and a restart of the AppHost
    /// should not lose them; use <see cref="WithPersistence"/> with <see cref="RedisPersistence.None"/> for a pure cache.
    /// </summary>
    public static IResourceBuilder<RedisResource> AddRedis(
        this IDistributedApplicationBuilder builder, string name, int? port = null, IResourceBuilder<ParameterResource>? password = null)
    {
        var passwordParameter = password?.Resource ?? builder.AddGeneratedParameter($"{name}-password", secret: true).Resource;
        var redis = new RedisResource(name, builder.StateDirectoryOf(name), passwordParameter);
        return builder.AddResource(redis)
            .WithEndpoint(port: port, targetPort: 6379, scheme: "redis", name: RedisResource.PrimaryEndpointName)
            .WithRunArgs(redis.ConfigFile)
            .WithContainerEnvironment("REDIS_PASSWORD", passwordParameter)
            .WithArgs(context =>
            {
                if (context.ExecutionContext.IsPublishMode)
                {
                    // Kubernetes expands $(VAR) in args: the password stays in the secret-backed variable.
                    context.Args.AddRange(["--requirepass", "$(REDIS_PASSWORD)", "--appendonly", redis.Persistence == RedisPersistence.AppendOnly ? "yes" : "no"]);
                }
            })
            .WithInstallHint(DebianPackage.Redis.InstallHint)
            .WithServerHealthCheck(_ => new RedisPingProbe(redis))
            .OnBeforeStart((r, _) =>
            {
                DebianPackage.Redis.EnsureInstalled();
                ServerFiles.EnsureDirectory(r.DataDirectory);
                ServerFiles.WriteSecret(r.ConfigFile, RedisConfig.Render(r.PrimaryEndpoint.Port, r.DataDirectory, r.PasswordParameter.Value, r.Persistence));
                return Task.CompletedTask;
            })
            .PublishAsContainer(ServerImages.Redis.Image, ServerImages.Redis.Tag, ServerImages.Redis.Registry);
    }

    public static IResourceBuilder<RedisResource> WithPersistence(this IResourceBuilder<RedisResource> builder, RedisPersistence persistence)
    {
        builder.Resource.Persistence = persistence;
        return builder;
    }
}

using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting;

/// <summary>Parameters (<c>Parameters:{name}</c>), generated secrets and external connection strings.</summary>
public static class ParameterResourceBuilderExtensions
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>A value from configuration <c>Parameters:{name}</c>; reading it when missing throws a message saying how to set it.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, bool secret = false)
    {
        var configuration = builder.Configuration;
        var key = $"Parameters:{name}";
        return builder.AddResource(new ParameterResource(
            name,
            () => configuration[key] ?? throw new DistributedApplicationException(
                $"Parameter '{name}' has no value: set configuration '{key}' (e.g. dotnet user-secrets set {key} <value> --project AppHost/PostHog.AppHost, or environment variable Parameters__{name})."),
            secret));
    }

    /// <summary>A parameter with a literal value (configuration <c>Parameters:{name}</c> still wins).</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, string value, bool secret = false)
    {
        var configuration = builder.Configuration;
        return builder.AddResource(new ParameterResource(name, () => configuration[$"Parameters:{name}"] ?? value, secret));
    }

    /// <summary>
    /// A random value (for a backing server's password), created on first use and kept in
    /// <c>{state}/parameters/{name}</c> so restarts reuse it and the server's data stays reachable.
    /// Configuration <c>Parameters:{name}</c> wins if set. (Aspire: AddParameter with GenerateParameterDefault + persist.)
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedParameter(this IDistributedApplicationBuilder builder, string name, bool secret = true, int length = 22)
    {
        var configuration = builder.Configuration;
        var file = Path.Combine(builder.StateDirectory, "parameters", name);
        return builder.AddResource(new ParameterResource(name, () => configuration[$"Parameters:{name}"] ?? ReadOrCreate(file, length), secret))
            .WithAnnotation(new GeneratedParameterAnnotation(length));
    }

    /// <summary>An external server's connection string from configuration <c>ConnectionStrings:{name}</c>.</summary>
    public static IResourceBuilder<ConnectionStringResource> AddConnectionString(this IDistributedApplicationBuilder builder, string name, string? environmentVariableName = null)
    {
        var value = new ConfigurationConnectionString(builder.Configuration, name);
        var resource = new ConnectionStringResource(name, ReferenceExpression.Create($"{value}"));
        var result = builder.AddResource(resource);
        return environmentVariableName is null ? result : result.WithAnnotation(new ConnectionStringEnvironmentVariableAnnotation(environmentVariableName));
    }

    private static string ReadOrCreate(string file, int length)
    {
        if (File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } existing)
        {
            return existing;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var value = RandomNumberGenerator.GetString(Alphabet, length);
        File.WriteAllText(file, value);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return value;
    }

    private sealed class ConfigurationConnectionString(IConfiguration configuration, string name) : IValueProvider, IManifestExpressionProvider
    {
        public string ValueExpression => $"{{{name}.connectionString}}";

        public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
            => ValueTask.FromResult<string?>(configuration.GetConnectionString(name) ?? throw new DistributedApplicationException(
                $"Connection string '{name}' has no value: set configuration 'ConnectionStrings:{name}' (user secrets or environment variable ConnectionStrings__{name})."));
    }
}

/// <summary>Overrides the variable a connection string is injected as (Aspire: AddConnectionString's environmentVariableName).</summary>
public sealed record ConnectionStringEnvironmentVariableAnnotation(string Name) : IResourceAnnotation;

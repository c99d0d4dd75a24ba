using System.Reflection;

namespace PostHog.Hosting.Servers.Kafka;

/// <summary>Where PostHog.LocalKafka.dll was built (baked into this assembly by the csproj, which builds the broker with us).</summary>
public static class LocalKafkaBroker
{
    public const string MetadataKey = "PostHog.LocalKafka.Path";

    public static string AssemblyPath { get; } = typeof(LocalKafkaBroker).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == MetadataKey)?.Value ?? string.Empty;

    /// <summary>A built broker, else a one-line reason with the command that builds it.</summary>
    public static void EnsureBuilt()
    {
        if (!File.Exists(AssemblyPath))
        {
            throw new Processes.ResourceStartException(
                $"{(AssemblyPath.Length == 0 ? "PostHog.LocalKafka.dll" : AssemblyPath)} not found — run: dotnet build AppHost/PostHog.LocalKafka");
        }
    }
}

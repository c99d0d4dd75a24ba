using System.Collections.Concurrent;
using Npgsql;

namespace PostHog.Ingestion.Projects;

/// <summary>
/// Token → project, read from <c>posthog_team</c> and cached: known tokens for a minute (settings changes show up
/// soon), unknown ones for a few seconds (a project created right now starts ingesting almost at once).
/// </summary>
public sealed class ProjectResolver(NpgsqlDataSource dataSource, TimeProvider time)
{
    private static readonly TimeSpan KnownFor = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan UnknownFor = TimeSpan.FromSeconds(5);
    private const int MaxCached = 10_000;

    private readonly ConcurrentDictionary<string, (Project? Project, DateTimeOffset Expires)> cache = new(StringComparer.Ordinal);

    public async ValueTask<Project?> ResolveAsync(string token, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue(token, out var cached) && cached.Expires > now)
        {
            return cached.Project;
        }

        await using var command = dataSource.CreateCommand(
            "SELECT id, project_id, anonymize_ips, coalesce(person_processing_opt_out, false) FROM posthog_team WHERE api_token = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = token });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var project = await reader.ReadAsync(cancellationToken)
            ? new Project(reader.GetInt64(0), reader.GetInt64(1), token, reader.GetBoolean(2), reader.GetBoolean(3))
            : null;
        if (cache.Count > MaxCached)
        {
            cache.Clear(); // random tokens must not grow memory without bound
        }

        cache[token] = (project, now + (project is null ? UnknownFor : KnownFor));
        return project;
    }
}

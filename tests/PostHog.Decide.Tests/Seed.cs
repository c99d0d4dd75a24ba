using System.Text.Json;

namespace PostHog.Decide.Tests;

/// <summary>Rows as Web and ingestion write them: flags, cohorts, persons with distinct ids, groups.</summary>
public static class Seed
{
    public static async Task<int> FlagAsync(this DecideStack stack, string key, object filters, bool continuity = false, bool active = true, string name = "", string runtime = "all") =>
        await stack.ScalarAsync<int>(
            "INSERT INTO posthog_featureflag (team_id, key, name, filters, active, ensure_experience_continuity, evaluation_runtime) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7) RETURNING id",
            stack.TeamId, key, name, JsonSerializer.Serialize(filters), active, continuity, runtime);

    public static async Task<int> CohortAsync(this DecideStack stack, object? properties, bool isStatic = false) =>
        await stack.ScalarAsync<int>(
            "INSERT INTO posthog_cohort (team_id, name, filters, is_static) VALUES ($1, 'c', $2::jsonb, $3) RETURNING id",
            stack.TeamId, properties is null ? null : JsonSerializer.Serialize(new { properties }), isStatic);

    public static async Task<long> PersonAsync(this DecideStack stack, object properties, params string[] distinctIds)
    {
        var id = await stack.ScalarAsync<long>(
            "INSERT INTO posthog_person (uuid, team_id, created_at, properties) VALUES ($1, $2, now(), $3::jsonb) RETURNING id",
            Guid.CreateVersion7(), stack.TeamId, JsonSerializer.Serialize(properties));
        foreach (var distinctId in distinctIds)
            await stack.ExecuteAsync("INSERT INTO posthog_persondistinctid (team_id, person_id, distinct_id) VALUES ($1, $2, $3)", stack.TeamId, id, distinctId);
        return id;
    }

    public static Task GroupTypeAsync(this DecideStack stack, string name, int index) =>
        stack.ExecuteAsync("INSERT INTO posthog_grouptypemapping (team_id, project_id, group_type, group_type_index) VALUES ($1, $1, $2, $3)", stack.TeamId, name, index);

    public static Task GroupAsync(this DecideStack stack, int index, string key, object properties) =>
        stack.ExecuteAsync("INSERT INTO posthog_group (team_id, group_key, group_type_index, group_properties, created_at) VALUES ($1, $2, $3, $4::jsonb, now())",
            stack.TeamId, key, index, JsonSerializer.Serialize(properties));

    /// <summary>What Web does after a change: publish the team id on the shared channel.</summary>
    public static async Task PublishChangeAsync(this DecideStack stack)
    {
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(stack.RedisConnectionString);
        await redis.GetSubscriber().PublishAsync(StackExchange.Redis.RedisChannel.Literal(Contracts.Flags.FlagCache.ChangedChannel),
            Contracts.Flags.FlagCache.ChangedMessage(stack.TeamId));
    }

    public static object Rollout(double percentage, params object[] properties) =>
        new { groups = new[] { new { properties, rollout_percentage = percentage } } };

    public static object Person(string key, object value, string op = "exact") => new { key, value, @operator = op, type = "person" };
}

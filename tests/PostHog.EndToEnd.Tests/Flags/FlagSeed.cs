using System.Text.Json;
using Npgsql;
using PostHog.Contracts.Flags;
using PostHog.Hosting.Testing;
using StackExchange.Redis;

namespace PostHog.EndToEnd.Tests.Flags;

/// <summary>Flags and cohorts written as Web writes them (rows in Postgres, then the change published for Decide).</summary>
public static class FlagSeed
{
    public static async Task<int> FlagAsync(SystemFixture fixture, string key, object filters, bool active = true)
    {
        await using var connection = await fixture.OpenPostgresAsync();
        await using var command = new NpgsqlCommand(
            "INSERT INTO posthog_featureflag (team_id, key, name, filters, active) VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING id", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = fixture.TeamId });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = "e2e " + key });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(filters) });
        command.Parameters.Add(new NpgsqlParameter { Value = active });
        return (int)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<int> CohortAsync(SystemFixture fixture, object properties)
    {
        await using var connection = await fixture.OpenPostgresAsync();
        await using var command = new NpgsqlCommand("INSERT INTO posthog_cohort (team_id, name, filters) VALUES ($1, 'e2e', $2::jsonb) RETURNING id", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = fixture.TeamId });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(new { properties }) });
        return (int)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>What Web does after any flag or cohort change (the contract in <see cref="FlagCache"/>).</summary>
    public static async Task PublishChangeAsync(SystemFixture fixture)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync((await fixture.App.GetConnectionStringAsync("redis"))!);
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(FlagCache.ChangedChannel), FlagCache.ChangedMessage(fixture.TeamId));
        await Task.Delay(200); // pub/sub is asynchronous
    }

    public static object Condition(double rollout, params object[] properties) => new { properties, rollout_percentage = rollout };

    public static object Person(string key, object value, string op = "exact") => new { key, value, @operator = op, type = "person" };
}

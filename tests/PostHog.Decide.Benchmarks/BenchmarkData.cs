using System.Text.Json;
using Npgsql;

namespace PostHog.Decide.Benchmarks;

/// <summary>50 flags of the kinds projects have (rollouts, person-property targeting, multivariate with payloads) and stored persons.</summary>
public static class BenchmarkData
{
    public const int Persons = 10_000;
    public static readonly string[] Plans = ["free", "pro", "enterprise"];

    public static async Task SeedAsync(NpgsqlDataSource database, long teamId)
    {
        for (var i = 0; i < 50; i++)
        {
            object filters = (i % 5) switch
            {
                0 or 1 => new { groups = new[] { new { properties = Array.Empty<object>(), rollout_percentage = (double)(i * 2 % 100) } } },
                2 => new { groups = new[] { new { properties = new object[] { new { key = "plan", value = new[] { "pro", "enterprise" }, @operator = "exact", type = "person" } }, rollout_percentage = 100.0 } } },
                3 => new
                {
                    groups = new[]
                    {
                        new { properties = new object[] { new { key = "email", value = "@example.com", @operator = "icontains", type = "person" } }, rollout_percentage = 50.0 },
                        new { properties = new object[] { new { key = "country", value = "^(NL|DE)$", @operator = "regex", type = "person" } }, rollout_percentage = 100.0 },
                    },
                },
                _ => new
                {
                    groups = new[] { new { properties = Array.Empty<object>(), rollout_percentage = 80.0 } },
                    multivariate = new { variants = new[] { new { key = "control", rollout_percentage = 50 }, new { key = "test", rollout_percentage = 50 } } },
                    payloads = new Dictionary<string, string> { ["test"] = "{\"color\":\"blue\"}" },
                },
            };
            await using var command = database.CreateCommand("INSERT INTO posthog_featureflag (team_id, key, name, filters) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT DO NOTHING");
            command.Parameters.Add(new NpgsqlParameter { Value = teamId });
            command.Parameters.Add(new NpgsqlParameter { Value = $"bench-flag-{i}" });
            command.Parameters.Add(new NpgsqlParameter { Value = $"Benchmark flag {i}" });
            command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(filters) });
            await command.ExecuteNonQueryAsync();
        }

        await using var persons = database.CreateCommand("""
            INSERT INTO posthog_person (uuid, team_id, created_at, properties)
            SELECT gen_random_uuid(), $1, now(), jsonb_build_object('plan', (ARRAY['free','pro','enterprise'])[1 + i % 3], 'email', 'user' || i || '@example.com', 'country', (ARRAY['NL','DE','US','FR'])[1 + i % 4])
            FROM generate_series(0, $2 - 1) AS i
            """);
        persons.Parameters.Add(new NpgsqlParameter { Value = teamId });
        persons.Parameters.Add(new NpgsqlParameter { Value = Persons });
        await persons.ExecuteNonQueryAsync();
        await using var distinctIds = database.CreateCommand("""
            INSERT INTO posthog_persondistinctid (team_id, person_id, distinct_id)
            SELECT $1, id, 'user-' || (row_number() OVER (ORDER BY id) - 1) FROM posthog_person WHERE team_id = $1
            """);
        distinctIds.Parameters.Add(new NpgsqlParameter { Value = teamId });
        await distinctIds.ExecuteNonQueryAsync();
    }

    /// <summary>A posthog-node style body: all properties given, so Decide needs no Postgres round trip.</summary>
    public static byte[] WithProperties(string token, int i) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        token,
        distinct_id = $"user-{i % Persons}",
        person_properties = new { plan = Plans[i % 3], email = $"user{i}@example.com", country = (i % 4) switch { 0 => "NL", 1 => "DE", 2 => "US", _ => "FR" } },
        groups = new { },
        group_properties = new { },
        geoip_disable = true,
    });

    /// <summary>A posthog-js style body: no properties, so the stored person is read (one batched Postgres round trip through PgBouncer).</summary>
    public static byte[] Stored(string token, int i) => JsonSerializer.SerializeToUtf8Bytes(new { token, distinct_id = $"user-{i % Persons}" });
}

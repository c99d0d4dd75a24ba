using PostHog.Contracts.Storage;
using PostHog.Ingestion.Tests.Fixtures;
using PostHog.Migrations.Postgres;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Ingestion.Tests;

[Collection(StorageCollection.Name)]
[Trait("Category", "Integration")]
public sealed class MigrationTests(StorageFixture storage)
{
    [Fact]
    public async Task Fresh_databases_get_every_table_and_a_second_run_changes_nothing()
    {
        var database = StorageFixture.NewDatabaseName("migrate");
        await storage.MigrateAsync(database);

        await using var postgres = storage.DataSource(database);
        using var clickHouse = storage.ClickHouseClient(database);
        var token = await Scalar<string>(postgres, "SELECT api_token FROM posthog_team WHERE id = 1");
        Assert.Matches("^phc_[A-Za-z0-9_-]{43}$", token);
        var scripts = await Scalar<long>(postgres, "SELECT count(*) FROM schemaversions");
        foreach (var table in new[] { PostgresTables.Organization, PostgresTables.Project, PostgresTables.Team, PostgresTables.Person, PostgresTables.PersonDistinctId, PostgresTables.GroupTypeMapping, PostgresTables.Group })
        {
            Assert.Equal(1L, await Scalar<long>(postgres, $"SELECT count(*) FROM information_schema.tables WHERE table_name = '{table}'"));
        }

        var tables = await ClickHouseTablesAsync(clickHouse, database);
        Assert.Superset(new HashSet<string> { "sharded_events", "events", "person", "person_distinct_id2", "groups", "sharded_ingestion_warnings", "ingestion_warnings", "posthog_migrations" }, tables);
        Assert.Contains("ReplicatedReplacingMergeTree", await clickHouse.QueryScalarAsync($"SELECT engine FROM system.tables WHERE database = {ClickHouseLiteral.String(database)} AND name = 'sharded_events'"));
        Assert.Equal("Distributed", await clickHouse.QueryScalarAsync($"SELECT engine FROM system.tables WHERE database = {ClickHouseLiteral.String(database)} AND name = 'events'"));

        // Second run: nothing new applied, token kept, no duplicate seed rows.
        await storage.MigrateAsync(database);
        Assert.Equal(token, await Scalar<string>(postgres, "SELECT api_token FROM posthog_team WHERE id = 1"));
        Assert.Equal(scripts, await Scalar<long>(postgres, "SELECT count(*) FROM schemaversions"));
        Assert.Equal(1L, await Scalar<long>(postgres, "SELECT count(*) FROM posthog_organization"));
        Assert.Equal(1L, await Scalar<long>(postgres, "SELECT count(*) FROM posthog_team"));
        Assert.Equal("5", await clickHouse.QueryScalarAsync("SELECT count() FROM posthog_migrations FINAL"));
    }

    [Fact]
    public async Task A_configured_token_becomes_the_default_projects_token()
    {
        var database = StorageFixture.NewDatabaseName("token");
        await storage.MigrateAsync(database);
        await storage.MigrateAsync(database, "phc_given_by_the_apphost");

        await using var postgres = storage.DataSource(database);
        Assert.Equal("phc_given_by_the_apphost", await Scalar<string>(postgres, "SELECT api_token FROM posthog_team WHERE id = 1"));
    }

    [Fact]
    public async Task A_top_level_property_filter_does_not_match_a_nested_key_of_the_same_name()
    {
        var database = StorageFixture.NewDatabaseName("nested");
        await storage.MigrateAsync(database);
        using var clickHouse = storage.ClickHouseClient(database);
        var top = Guid.NewGuid();
        var nested = Guid.NewGuid();
        await clickHouse.ExecuteAsync($$$"""
            INSERT INTO events (uuid, event, properties, properties_keys, properties_values, timestamp, team_id, distinct_id)
            VALUES ({{{ClickHouseLiteral.Uuid(top)}}}, 'signup', '{"plan":"pro"}', ['plan'], ['pro'], now(), 1, 'a'),
                   ({{{ClickHouseLiteral.Uuid(nested)}}}, 'signup', '{"account":{"plan":"pro"}}', ['account'], ['{"plan":"pro"}'], now(), 1, 'b')
            """, new Dictionary<string, string> { ["insert_distributed_sync"] = "1" });

        var matched = await clickHouse.QueryScalarAsync(
            "SELECT groupArray(toString(uuid)) FROM events WHERE arrayExists((k, v) -> k = 'plan' AND v = 'pro', properties_keys, properties_values)");
        Assert.Equal($"['{top}']", matched);
        // What the arrays protect against: visitParamExtractString (18.16's only JSON reader) matches at any depth.
        Assert.Equal("2", await clickHouse.QueryScalarAsync("SELECT count() FROM events WHERE visitParamExtractString(properties, 'plan') = 'pro'"));
    }

    private static async Task<HashSet<string>> ClickHouseTablesAsync(ClickHouseClient clickHouse, string database)
    {
        var tables = new HashSet<string>();
        await foreach (var row in clickHouse.QueryTsvAsync($"SELECT name FROM system.tables WHERE database = {ClickHouseLiteral.String(database)}"))
        {
            tables.Add(row[0]!);
        }

        return tables;
    }

    private static async Task<T> Scalar<T>(Npgsql.NpgsqlDataSource postgres, string sql)
    {
        await using var command = postgres.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

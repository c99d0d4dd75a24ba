using Npgsql;
using PostHog.Hosting.Testing;
using PostHog.Hosting.Servers.PgBouncer;
using PostHog.Hosting.Servers.Postgres;
using Xunit.Abstractions;

namespace PostHog.Hosting.Tests.Servers;

[Trait("Category", "Integration")]
public sealed class PostgresServerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Postgres_and_pgbouncer_serve_queries_keep_rows_across_restarts_take_a_changed_password_and_leave_nothing_running()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var host = new ServerTestHost();

        string? firstPassword = null;
        for (var run = 1; run <= 3; run++)
        {
            var builder = host.NewBuilder();
            if (run == 3)
            {
                builder.Configuration["Parameters:postgres-password"] = "changed-in-configuration";
            }

            var postgres = builder.AddPostgres("postgres");
            var posthog = postgres.AddDatabase("posthog");
            builder.AddPgBouncer("pgbouncer").AddDatabase("posthogdb", posthog);
            var (app, elapsed) = await host.StartAsync(builder, cts.Token, "posthog", "posthogdb");
            output.WriteLine($"run {run}: postgres + database + pgbouncer healthy in {elapsed.TotalMilliseconds:0} ms");

            var pooled = await app.GetConnectionStringAsync("posthogdb", cts.Token);
            var direct = await app.GetConnectionStringAsync("posthog", cts.Token);
            Assert.Contains("Max Auto Prepare=0;No Reset On Close=true", pooled, StringComparison.Ordinal);
            Assert.EndsWith(";Database=posthog", direct, StringComparison.Ordinal);
            var password = new NpgsqlConnectionStringBuilder(direct).Password;
            Assert.Equal(run == 3 ? "changed-in-configuration" : firstPassword ??= password, password);

            await using (var dataSource = NpgsqlDataSource.Create(pooled!))
            {
                if (run == 1)
                {
                    await using var create = dataSource.CreateCommand("CREATE TABLE survivors (id int primary key, name text); INSERT INTO survivors VALUES (1, 'kept')");
                    await create.ExecuteNonQueryAsync(cts.Token);
                }

                await using var select = dataSource.CreateCommand("SELECT name FROM survivors WHERE id = $1");
                select.Parameters.Add(new NpgsqlParameter { Value = 1 });
                Assert.Equal("kept", await select.ExecuteScalarAsync(cts.Token));

                await using var backend = dataSource.CreateCommand("SELECT current_database() || ':' || inet_server_port()");
                Assert.Equal($"posthog:{new NpgsqlConnectionStringBuilder(direct).Port}", await backend.ExecuteScalarAsync(cts.Token));
            }

            NpgsqlConnection.ClearAllPools();
            await host.StopAndAssertNoLeftoversAsync(app);
        }
    }
}

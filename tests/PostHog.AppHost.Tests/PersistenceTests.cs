using Npgsql;
using PostHog.Hosting;
using PostHog.Hosting.Testing;

namespace PostHog.AppHost.Tests;

[Trait("Category", "Integration")]
[Trait("Category", "Slow")]
public sealed class PersistenceTests
{
    [Fact]
    public async Task Data_and_generated_passwords_survive_an_AppHost_restart_with_the_same_state_folder()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var state = Path.Combine(Path.GetTempPath(), "posthog-apphost-persistence", Guid.NewGuid().ToString("N"));
        string[] args = ["--topology", "small", $"--AppHost:StateDirectory={state}"];
        try
        {
            var marker = Guid.NewGuid().ToString("N");
            string firstConnectionString;
            await using (var first = await StartPostgresAsync(args, cts.Token))
            {
                firstConnectionString = (await first.GetConnectionStringAsync("posthog", cts.Token))!;
                await using var connection = new NpgsqlConnection(firstConnectionString);
                await connection.OpenAsync(cts.Token);
                await using var create = new NpgsqlCommand($"CREATE TABLE persistence_marker(value text); INSERT INTO persistence_marker VALUES ('{marker}')", connection);
                await create.ExecuteNonQueryAsync(cts.Token);
            }

            await using var second = await StartPostgresAsync(args, cts.Token);
            var secondConnectionString = (await second.GetConnectionStringAsync("posthog", cts.Token))!;
            await using var reconnect = new NpgsqlConnection(secondConnectionString);
            await reconnect.OpenAsync(cts.Token);
            await using var read = new NpgsqlCommand("SELECT value FROM persistence_marker", reconnect);

            Assert.Equal(marker, await read.ExecuteScalarAsync(cts.Token));
            Assert.Equal(Password(firstConnectionString), Password(secondConnectionString));
        }
        finally
        {
            if (Directory.Exists(state))
            {
                Directory.Delete(state, recursive: true);
            }
        }
    }

    /// <summary>The whole AppHost model, but only what Postgres needs is waited for (the rest starts too and is stopped with it).</summary>
    private static async Task<DistributedApplication> StartPostgresAsync(string[] args, CancellationToken cancellationToken)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.PostHog_AppHost>(args, cancellationToken);
        var app = await builder.BuildAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("posthog", cancellationToken);
        return app;
    }

    private static string Password(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Password!;
}

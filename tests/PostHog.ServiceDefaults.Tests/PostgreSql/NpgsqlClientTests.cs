using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PostHog.ServiceDefaults.Tests.Fixtures;

namespace PostHog.ServiceDefaults.Tests.PostgreSql;

[Trait("Category", "Integration")]
public sealed class NpgsqlClientTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Default_and_keyed_data_sources_query_and_have_their_own_health_checks()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(
        [
            new("ConnectionStrings:posthogdb", server.ConnectionString + ";Max Auto Prepare=0;No Reset On Close=true"),
            new("ConnectionStrings:posthog", server.ConnectionString),
        ]);
        builder.Services.AddLogging();
        builder.AddNpgsqlDataSource("posthogdb");
        builder.AddKeyedNpgsqlDataSource("posthog");
        await using var services = builder.Services.BuildServiceProvider();

        await using var command = services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT current_setting('port')");
        var port = (string?)await command.ExecuteScalarAsync();
        await using var keyedCommand = services.GetRequiredKeyedService<NpgsqlDataSource>("posthog").CreateCommand("SELECT 2");
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), port);
        Assert.Equal(2, await keyedCommand.ExecuteScalarAsync());
        Assert.Equal(HealthStatus.Healthy, report.Entries["PostgreSql"].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["PostgreSql_posthog"].Status);
    }

    [Fact]
    public async Task Unreachable_database_is_unhealthy()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("ConnectionStrings:posthogdb", $"Host=127.0.0.1;Port={FreePort.Next()};Username=u;Password=p;Timeout=2")]);
        builder.Services.AddLogging();
        builder.AddNpgsqlDataSource("posthogdb");
        await using var services = builder.Services.BuildServiceProvider();

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["PostgreSql"].Status);
    }

    [Fact]
    public void Missing_connection_string_fails_on_first_resolve()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddNpgsqlDataSource("posthogdb");
        using var services = builder.Services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<NpgsqlDataSource>());
        Assert.Contains("ConnectionStrings:posthogdb", error.Message, StringComparison.Ordinal);
        Assert.Contains("Aspire:Npgsql:ConnectionString", error.Message, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PostHog.Hosting;
using PostHog.Hosting.Servers.Postgres;
using PostHog.Hosting.Servers.Redis;
using PostHog.Hosting.Testing;

namespace PostHog.Dashboard.Tests;

/// <summary>The dashboard started by the hosting layer for a small real composition (Redis, PostgreSQL + a database).</summary>
[Trait("Category", "Integration")]
public sealed class ResourcesApiTests
{
    [Fact]
    public async Task Api_resources_lists_state_health_endpoints_and_parents_with_the_printed_token()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var builder = DistributedApplicationTestingBuilder.Create();
        builder.Configuration[AppHostConfigurationNames.Dashboard] = "true";
        builder.AddRedis("redis");
        builder.AddPostgres("postgres").AddDatabase("appdb");
        await using var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("redis", timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("appdb", timeout.Token);

        var server = app.Services.GetDashboard();
        // The hosting layer points projects at the bound (random) OTLP ports.
        Assert.Equal(server.OtlpGrpcUrl.ToString().TrimEnd('/'), builder.Configuration[AppHostConfigurationNames.DashboardOtlpGrpcEndpointUrl]);
        Assert.Equal(server.OtlpHttpUrl.ToString().TrimEnd('/'), builder.Configuration[AppHostConfigurationNames.DashboardOtlpHttpEndpointUrl]);
        Assert.NotEqual(18888, server.FrontendUrl.Port);

        using var client = new HttpClient { BaseAddress = server.FrontendUrl };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/resources", timeout.Token)).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.BrowserToken);
        var resources = (await client.GetFromJsonAsync<JsonElement>("/api/resources", timeout.Token)).EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!);

        var redis = resources["redis"];
        Assert.Equal("Redis", redis.GetProperty("type").GetString());
        Assert.Equal("Running", redis.GetProperty("state").GetString());
        Assert.Equal("Healthy", redis.GetProperty("health").GetString());
        var endpoint = Assert.Single(redis.GetProperty("endpoints").EnumerateArray()).GetString();
        Assert.Equal(app.GetEndpoint("redis").Port, new Uri(endpoint!).Port);
        Assert.True(redis.GetProperty("hasConsoleLog").GetBoolean());
        Assert.Equal(0, redis.GetProperty("restarts").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, redis.GetProperty("startTime").ValueKind);

        Assert.Equal("postgres", resources["appdb"].GetProperty("parent").GetString());
        Assert.Equal("Running", resources["appdb"].GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, resources["postgres"].GetProperty("parent").ValueKind);

        // Environment values come masked: the generated Postgres password never appears.
        var password = await app.GetConnectionStringAsync("postgres", timeout.Token);
        var secret = password!.Split(';').Single(p => p.StartsWith("Password=", StringComparison.Ordinal))["Password=".Length..];
        Assert.DoesNotContain(secret, resources["postgres"].GetRawText(), StringComparison.Ordinal);

        // Console output of a resource, with search.
        var lines = await client.GetFromJsonAsync<JsonElement>("/api/console/redis?q=ready", timeout.Token);
        Assert.NotEmpty(lines.EnumerateArray());
        Assert.All(lines.EnumerateArray(), l => Assert.Contains("ready", l.GetProperty("content").GetString()!, StringComparison.OrdinalIgnoreCase));

        // Restart from the dashboard (the AppHost's resource commands): the restart count shows.
        Assert.Equal(["resource-restart", "resource-stop"], redis.GetProperty("commands").EnumerateArray().Select(c => c.GetString()));
        Assert.Empty(resources["appdb"].GetProperty("commands").EnumerateArray());
        var restart = await client.PostAsync("/api/resources/redis/commands/resource-restart", null, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, restart.StatusCode);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("redis", timeout.Token);
        var restarted = (await client.GetFromJsonAsync<JsonElement>("/api/resources", timeout.Token)).EnumerateArray().Single(r => r.GetProperty("name").GetString() == "redis");
        Assert.Equal(1, restarted.GetProperty("restarts").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/resources/appdb/commands/resource-restart", null, timeout.Token)).StatusCode);

        // The live feed starts with the current snapshots.
        using var stream = await client.GetStreamAsync("/api/resources/stream", timeout.Token);
        using var reader = new StreamReader(stream);
        var first = await reader.ReadLineAsync(timeout.Token);
        Assert.StartsWith("data: {", first, StringComparison.Ordinal);
    }
}

internal static class DashboardServiceProvider
{
    public static DashboardServer GetDashboard(this IServiceProvider services)
        => (services.GetService(typeof(DashboardHostedService)) as DashboardHostedService)?.Server
            ?? throw new InvalidOperationException("The hosting layer did not start the dashboard.");
}

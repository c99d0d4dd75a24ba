using System.Text.Json;
using PostHog.Hosting;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.Postgres;
using PostHog.Hosting.Servers.Redis;
using Xunit;

namespace PostHog.Hosting.Publishing.Tests;

public sealed class ManifestPublisherTests
{
    private static async Task<JsonElement> PublishAsync()
    {
        var builder = DistributedApplication.CreateBuilder(["--publisher", "manifest", "--output-path", Path.GetTempFileName()]);
        var postgres = builder.AddPostgres("postgres");
        postgres.AddDatabase("posthog");
        builder.AddRedis("redis");
        var json = await ManifestPublisher.WriteAsync(new DistributedApplicationModel(builder.Resources), Path.GetTempPath());
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    [Fact]
    public async Task Servers_are_containers_databases_are_values_and_secrets_are_parameters()
    {
        var manifest = await PublishAsync();
        var resources = manifest.GetProperty("resources");

        Assert.True(manifest.TryGetProperty("$schema", out _));
        Assert.Equal("container.v0", resources.GetProperty("postgres").GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(resources.GetProperty("postgres").GetProperty("image").GetString()));
        Assert.Equal("value.v0", resources.GetProperty("posthog").GetProperty("type").GetString());
        Assert.Contains("{postgres.", resources.GetProperty("posthog").GetProperty("connectionString").GetString(), StringComparison.Ordinal);
        foreach (var resource in resources.EnumerateObject().Where(r => r.Value.GetProperty("type").GetString() == "parameter.v0"))
        {
            Assert.Equal($"{{{resource.Name}.inputs.value}}", resource.Value.GetProperty("value").GetString());
        }
    }

    [Fact]
    public async Task Output_is_deterministic()
    {
        Assert.Equal((await PublishAsync()).GetRawText(), (await PublishAsync()).GetRawText());
    }
}

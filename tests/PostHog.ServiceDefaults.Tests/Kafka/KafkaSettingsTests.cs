using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PostHog.ServiceDefaults.Tests.Kafka;

public sealed class KafkaSettingsTests
{
    private static HostApplicationBuilder Builder(params (string Key, string Value)[] configuration)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration.Select(entry => new KeyValuePair<string, string?>(entry.Key, entry.Value)));
        return builder;
    }

    [Fact]
    public void Connection_string_becomes_bootstrap_servers_and_statistics_are_on()
    {
        var builder = Builder(("ConnectionStrings:kafka", "127.0.0.1:9092, 127.0.0.1:9093"));

        var settings = builder.ReadKafkaProducerSettings("kafka");

        Assert.Equal("127.0.0.1:9092,127.0.0.1:9093", settings.Config.BootstrapServers);
        Assert.Equal(1000, settings.Config.StatisticsIntervalMs);
    }

    [Fact]
    public void No_statistics_when_metrics_are_disabled()
    {
        var settings = Builder(("ConnectionStrings:kafka", "k:9092")).ReadKafkaProducerSettings("kafka", s => s.DisableMetrics = true);
        Assert.Null(settings.Config.StatisticsIntervalMs);
    }

    [Fact]
    public void Config_binds_property_names_and_librdkafka_names_and_the_named_section_wins()
    {
        var builder = Builder(
            ("ConnectionStrings:kafka", "k:9092"),
            ("Aspire:Confluent:Kafka:Consumer:Config:GroupId", "general"),
            ("Aspire:Confluent:Kafka:Consumer:Config:fetch.wait.max.ms", "50"),
            ("Aspire:Confluent:Kafka:Consumer:kafka:Config:GroupId", "named"),
            ("Aspire:Confluent:Kafka:Consumer:kafka:Config:AutoOffsetReset", "Earliest"),
            ("Aspire:Confluent:Kafka:Consumer:kafka:DisableTracing", "true"));

        var settings = builder.ReadKafkaConsumerSettings("kafka");

        Assert.Equal("named", settings.Config.GroupId);
        Assert.Equal(AutoOffsetReset.Earliest, settings.Config.AutoOffsetReset);
        Assert.Equal(50, settings.Config.FetchWaitMaxMs);
        Assert.True(settings.DisableTracing);
    }

    [Fact]
    public void Missing_connection_string_fails_on_first_resolve_naming_both_keys()
    {
        var builder = Builder();
        builder.AddKafkaProducer<string, byte[]>("kafka");
        using var services = builder.Services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IProducer<string, byte[]>>());
        Assert.Contains("ConnectionStrings:kafka", error.Message, StringComparison.Ordinal);
        Assert.Contains("Aspire:Confluent:Kafka:Producer:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Consumer_without_group_id_fails_on_first_resolve()
    {
        var builder = Builder(("ConnectionStrings:kafka", "127.0.0.1:1"));
        builder.AddKafkaConsumer<string, byte[]>("kafka");
        using var services = builder.Services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IConsumer<string, byte[]>>());
        Assert.Contains("GroupId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Producer_resolves_without_a_broker_and_reports_unhealthy_within_its_timeout()
    {
        var builder = Builder(("ConnectionStrings:kafka", $"127.0.0.1:{Fixtures.FreePort.Next()}"));
        builder.Services.AddLogging();
        builder.AddKafkaProducer<string, byte[]>("kafka");
        using var services = builder.Services.BuildServiceProvider();

        using var producer = services.GetRequiredService<IProducer<string, byte[]>>();
        var health = services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var report = await health.CheckHealthAsync();

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, report.Entries["Aspire.Confluent.Kafka.Producer"].Status);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }
}

using Confluent.Kafka;
using PostHog.Ingestion.Consuming;
using PostHog.Ingestion.DeadLetters;
using PostHog.Ingestion.Groups;
using PostHog.Ingestion.Persons;
using PostHog.Ingestion.Projects;
using PostHog.Ingestion.Telemetry;
using PostHog.Ingestion.Writing;

namespace PostHog.Ingestion;

/// <summary>The clients and pipeline parts of the ingestion service.</summary>
public static class IngestionRegistration
{
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(IngestionOptions.Section).Get<IngestionOptions>() ?? new IngestionOptions();
        builder.Services.Configure<IngestionOptions>(builder.Configuration.GetSection(IngestionOptions.Section));

        builder.AddKafkaConsumer<string, byte[]>("kafka", settings =>
        {
            settings.Config.GroupId ??= options.ConsumerGroup;
            // Offsets are committed by hand, after the ClickHouse write, never in the background.
            settings.Config.EnableAutoCommit = false;
            settings.Config.EnableAutoOffsetStore = false;
            settings.Config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
        });
        builder.AddKafkaProducer<string, byte[]>("kafka", settings =>
        {
            settings.Config.Acks ??= Acks.All;
            settings.Config.EnableIdempotence ??= true;
        });
        builder.AddNpgsqlDataSource("posthogdb");
        builder.AddClickHouseClient("clickhouse");

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IngestionTelemetry>();
        builder.Services.AddSingleton<ProjectResolver>();
        builder.Services.AddSingleton<PersonStore>();
        builder.Services.AddSingleton<PersonProcessor>();
        builder.Services.AddSingleton<GroupStore>();
        builder.Services.AddSingleton<GroupProcessor>();
        builder.Services.AddSingleton<EventRowWriter>();
        builder.Services.AddSingleton<DeadLetterQueue>();
        builder.Services.AddSingleton<EventPipeline>();
        builder.Services.AddHostedService<IngestionConsumer>();
        return builder;
    }
}

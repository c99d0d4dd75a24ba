using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PostHog.ServiceDefaults.Clients;
using PostHog.ServiceDefaults.Kafka;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers Kafka producers and consumers the way Aspire.Confluent.Kafka does.</summary>
public static class KafkaClientExtensions
{
    public const string ProducerConfigSection = "Aspire:Confluent:Kafka:Producer";
    public const string ConsumerConfigSection = "Aspire:Confluent:Kafka:Consumer";

    public static void AddKafkaProducer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<KafkaProducerSettings>? configureSettings = null,
        Action<ProducerBuilder<TKey, TValue>>? configureBuilder = null) =>
        AddKafkaProducer(builder, connectionName, serviceKey: null, configureSettings, Wrap(configureBuilder));

    public static void AddKafkaProducer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<KafkaProducerSettings>? configureSettings,
        Action<IServiceProvider, ProducerBuilder<TKey, TValue>> configureBuilder) =>
        AddKafkaProducer(builder, connectionName, serviceKey: null, configureSettings, configureBuilder);

    public static void AddKeyedKafkaProducer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string name,
        Action<KafkaProducerSettings>? configureSettings = null,
        Action<ProducerBuilder<TKey, TValue>>? configureBuilder = null) =>
        AddKafkaProducer(builder, name, serviceKey: name, configureSettings, Wrap(configureBuilder));

    public static void AddKafkaConsumer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<KafkaConsumerSettings>? configureSettings = null,
        Action<ConsumerBuilder<TKey, TValue>>? configureBuilder = null) =>
        AddKafkaConsumer(builder, connectionName, serviceKey: null, configureSettings, Wrap(configureBuilder));

    public static void AddKafkaConsumer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<KafkaConsumerSettings>? configureSettings,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>> configureBuilder) =>
        AddKafkaConsumer(builder, connectionName, serviceKey: null, configureSettings, configureBuilder);

    public static void AddKeyedKafkaConsumer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string name,
        Action<KafkaConsumerSettings>? configureSettings = null,
        Action<ConsumerBuilder<TKey, TValue>>? configureBuilder = null) =>
        AddKafkaConsumer(builder, name, serviceKey: name, configureSettings, Wrap(configureBuilder));

    /// <summary>Settings as AddKafkaProducer would read them; for tests and for code that builds its own client.</summary>
    public static KafkaProducerSettings ReadKafkaProducerSettings(this IHostApplicationBuilder builder, string connectionName, Action<KafkaProducerSettings>? configureSettings = null)
    {
        var settings = ClientSettingsReader.Read(builder, ProducerConfigSection, connectionName, configureSettings, (section, s) => KafkaSettings.BindLibrdkafkaNames(section, s.Config));
        settings.Consolidate();
        return settings;
    }

    /// <summary>Settings as AddKafkaConsumer would read them; for tests and for code that builds its own client.</summary>
    public static KafkaConsumerSettings ReadKafkaConsumerSettings(this IHostApplicationBuilder builder, string connectionName, Action<KafkaConsumerSettings>? configureSettings = null)
    {
        var settings = ClientSettingsReader.Read(builder, ConsumerConfigSection, connectionName, configureSettings, (section, s) => KafkaSettings.BindLibrdkafkaNames(section, s.Config));
        settings.Consolidate();
        return settings;
    }

    private static void AddKafkaProducer<TKey, TValue>(
        IHostApplicationBuilder builder,
        string connectionName,
        string? serviceKey,
        Action<KafkaProducerSettings>? configureSettings,
        Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder)
    {
        var settings = builder.ReadKafkaProducerSettings(connectionName, configureSettings);

        IProducer<TKey, TValue> Build(IServiceProvider services)
        {
            settings.Validate(connectionName);
            var events = Events(services, settings.DisableMetrics);
            var producerBuilder = new ProducerBuilder<TKey, TValue>(settings.Config)
                .SetLogHandler((_, message) => events.OnLog(message))
                .SetErrorHandler(events.OnError)
                .SetStatisticsHandler((_, json) => events.OnStatistics(json));
            configureBuilder?.Invoke(services, producerBuilder);
            return producerBuilder.Build();
        }

        KeyedClients.AddSingleton(builder.Services, serviceKey, Build);
        AddTelemetryAndHealth<IProducer<TKey, TValue>>(builder, "Aspire.Confluent.Kafka.Producer", connectionName, serviceKey, settings.DisableHealthChecks, settings.DisableTracing, settings.DisableMetrics);
    }

    private static void AddKafkaConsumer<TKey, TValue>(
        IHostApplicationBuilder builder,
        string connectionName,
        string? serviceKey,
        Action<KafkaConsumerSettings>? configureSettings,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder)
    {
        var settings = builder.ReadKafkaConsumerSettings(connectionName, configureSettings);

        IConsumer<TKey, TValue> Build(IServiceProvider services)
        {
            settings.Validate(connectionName);
            var events = Events(services, settings.DisableMetrics);
            var consumerBuilder = new ConsumerBuilder<TKey, TValue>(settings.Config)
                .SetLogHandler((_, message) => events.OnLog(message))
                .SetErrorHandler(events.OnError)
                .SetStatisticsHandler((_, json) => events.OnStatistics(json));
            configureBuilder?.Invoke(services, consumerBuilder);
            return consumerBuilder.Build();
        }

        KeyedClients.AddSingleton(builder.Services, serviceKey, Build);
        AddTelemetryAndHealth<IConsumer<TKey, TValue>>(builder, "Aspire.Confluent.Kafka.Consumer", connectionName, serviceKey, settings.DisableHealthChecks, settings.DisableTracing, settings.DisableMetrics);
    }

    private static KafkaClientEvents Events(IServiceProvider services, bool disableMetrics) =>
        new(services.GetRequiredService<ILoggerFactory>().CreateLogger(KafkaClientEvents.LoggerCategory), recordStatistics: !disableMetrics);

    private static void AddTelemetryAndHealth<TClient>(
        IHostApplicationBuilder builder, string healthCheckName, string connectionName, string? serviceKey, bool disableHealthChecks, bool disableTracing, bool disableMetrics)
        where TClient : class, IClient
    {
        if (!disableHealthChecks)
        {
            HealthChecks.TryAdd(
                builder,
                HealthChecks.Name(healthCheckName, connectionName, serviceKey is not null),
                services => new KafkaHealthCheck(() => KeyedClients.Resolve<TClient>(services, serviceKey)),
                // The probe itself times out after 1 s; allow a little for building the dependent admin client.
                KafkaHealthCheck.Timeout * 3);
        }

        if (!disableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(KafkaTracing.ActivitySourceName));
        }

        if (!disableMetrics)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(KafkaMetrics.MeterName));
        }
    }

    private static Action<IServiceProvider, T>? Wrap<T>(Action<T>? configure) =>
        configure is null ? null : (_, target) => configure(target);
}

using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace PostHog.ServiceDefaults.Kafka;

/// <summary>librdkafka's log, error and statistics callbacks, routed to ILogger and <see cref="KafkaMetrics"/>.</summary>
internal sealed class KafkaClientEvents(ILogger logger, bool recordStatistics)
{
    public const string LoggerCategory = "PostHog.Kafka";

    public void OnLog(LogMessage message) =>
        logger.Log((LogLevel)message.LevelAs(LogLevelType.MicrosoftExtensionsLogging), "librdkafka {Client} [{Facility}] {Message}", message.Name, message.Facility, message.Message);

    // Most errors are transient (broker down, reconnecting) and librdkafka retries them itself; fatal ones end the client.
    public void OnError(IClient client, Error error) =>
        logger.Log(error.IsFatal ? LogLevel.Critical : LogLevel.Warning, "Kafka client {Client} error {Code}: {Reason}", client.Name, error.Code, error.Reason);

    public void OnStatistics(string json)
    {
        if (recordStatistics)
        {
            KafkaMetrics.Record(json);
        }
    }
}

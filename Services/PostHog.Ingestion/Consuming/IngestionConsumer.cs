using Confluent.Kafka;
using Microsoft.Extensions.Options;
using PostHog.Ingestion.Telemetry;

namespace PostHog.Ingestion.Consuming;

/// <summary>
/// Polls a batch, hands it to the <see cref="EventPipeline"/>, and commits the batch's offsets only after ClickHouse
/// accepted it: a crash anywhere before the commit replays the batch, and replayed events collapse by uuid. When a batch
/// fails, the consumer seeks back to its first offsets and tries again after a growing pause.
/// </summary>
public sealed class IngestionConsumer(
    IConsumer<string, byte[]> consumer,
    EventPipeline pipeline,
    IngestionTelemetry telemetry,
    IOptions<IngestionOptions> options,
    ILogger<IngestionConsumer> logger) : BackgroundService
{
    private readonly IngestionOptions settings = options.Value;

    // Consume blocks its thread; the loop gets a thread of its own so host start-up is not held up.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => RunAsync(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        consumer.Subscribe(settings.Topics);
        logger.LogInformation("Consuming {Topics} as group {Group}.", string.Join(", ", settings.Topics), settings.ConsumerGroup);
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var batch = Poll(stoppingToken);
                if (batch.Count == 0)
                {
                    continue;
                }

                try
                {
                    await pipeline.ProcessAsync(batch, settings.ConsumerGroup, stoppingToken);
                    Commit(batch);
                    failures = 0;
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    failures++;
                    var delay = TimeSpan.FromMilliseconds(Math.Min(settings.MaxRetryDelay.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(failures, 16))));
                    logger.LogError(exception, "Batch of {Count} failed (attempt {Attempt}); retrying in {Delay}.", batch.Count, failures, delay);
                    Rewind(batch);
                    await Task.Delay(delay, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Leave the group cleanly so partitions move to another instance at once; uncommitted work replays there.
            consumer.Close();
        }
    }

    private List<ConsumeResult<string, byte[]>> Poll(CancellationToken stoppingToken)
    {
        var batch = new List<ConsumeResult<string, byte[]>>(settings.MaxBatchSize);
        var deadline = DateTime.UtcNow + settings.MaxBatchWait;
        while (batch.Count < settings.MaxBatchSize)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            ConsumeResult<string, byte[]>? result;
            try
            {
                result = consumer.Consume(remaining);
            }
            catch (ConsumeException exception)
            {
                // A message the client cannot even deserialize: skip past it rather than stall the partition.
                logger.LogWarning(exception, "Unreadable message at {Position}; skipping it.", exception.ConsumerRecord?.TopicPartitionOffset);
                continue;
            }

            stoppingToken.ThrowIfCancellationRequested();
            if (result is null)
            {
                break;
            }

            if (!result.IsPartitionEOF && result.Message is not null)
            {
                batch.Add(result);
            }
        }

        return batch;
    }

    private void Commit(List<ConsumeResult<string, byte[]>> batch)
    {
        var offsets = NextOffsets(batch);
        try
        {
            consumer.Commit(offsets);
        }
        catch (KafkaException exception)
        {
            // The batch is in ClickHouse; a lost commit only means a replay, which collapses by uuid.
            logger.LogWarning(exception, "Offset commit failed; the batch will be replayed.");
        }

        foreach (var offset in offsets)
        {
            var high = consumer.GetWatermarkOffsets(offset.TopicPartition).High;
            if (high != Offset.Unset)
            {
                telemetry.Lag(offset.Topic, offset.Partition.Value, high.Value - offset.Offset.Value);
            }
        }
    }

    private void Rewind(List<ConsumeResult<string, byte[]>> batch)
    {
        foreach (var first in batch.GroupBy(result => result.TopicPartition).Select(partition => partition.First().TopicPartitionOffset))
        {
            try
            {
                consumer.Seek(first);
            }
            catch (KafkaException exception)
            {
                // The partition was revoked meanwhile; its new owner starts from the committed offset.
                logger.LogInformation("Could not rewind {Position}: {Reason}.", first, exception.Error.Reason);
            }
        }
    }

    /// <summary>Per partition, the offset after the last message of the batch (Kafka's "next to read").</summary>
    public static List<TopicPartitionOffset> NextOffsets(IEnumerable<ConsumeResult<string, byte[]>> batch) =>
        batch.GroupBy(result => result.TopicPartition)
            .Select(partition => new TopicPartitionOffset(partition.Key, partition.Max(result => result.Offset.Value) + 1))
            .ToList();
}

using Confluent.Kafka;
using Microsoft.Extensions.Options;
using PostHog.Ingestion.Telemetry;

namespace PostHog.Ingestion.Consuming;

/// <summary>
/// Polls a batch, has the <see cref="EventPipeline"/> prepare it (persons in Postgres, rows built), and writes it to
/// ClickHouse while the next batch is polled and prepared: the two halves use different servers, so overlapping them
/// roughly halves a batch's wall time. Writes stay in order, and a batch's offsets are committed only after ClickHouse
/// accepted it: a crash anywhere before the commit replays the batch, and replayed events collapse by uuid. When a batch
/// fails, the consumer seeks back to its first offsets (and those of the batch prepared behind it) and tries again
/// after a growing pause.
/// </summary>
public sealed class IngestionConsumer(
    IConsumer<string, byte[]> consumer,
    EventPipeline pipeline,
    IngestionTelemetry telemetry,
    IOptions<IngestionOptions> options,
    ILogger<IngestionConsumer> logger) : BackgroundService
{
    private readonly IngestionOptions settings = options.Value;
    private int failures;

    /// <summary>A batch whose ClickHouse write is under way.</summary>
    private sealed record InFlightWrite(List<ConsumeResult<string, byte[]>> Batch, Task Write);

    // Consume blocks its thread; the loop gets a thread of its own so host start-up is not held up.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => RunAsync(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        consumer.Subscribe(settings.Topics);
        logger.LogInformation("Consuming {Topics} as group {Group}.", string.Join(", ", settings.Topics), settings.ConsumerGroup);
        InFlightWrite? inFlight = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var batch = Poll(stoppingToken);
                if (batch.Count == 0)
                {
                    if (inFlight is not null)
                    {
                        await CompleteAsync(inFlight, [], stoppingToken);
                        inFlight = null;
                    }

                    continue;
                }

                PreparedBatch prepared;
                try
                {
                    prepared = await pipeline.PrepareAsync(batch, settings.ConsumerGroup, stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    if (inFlight is null || await CompleteAsync(inFlight, batch, stoppingToken))
                    {
                        await RetryLaterAsync(exception, batch, stoppingToken);
                    }

                    inFlight = null;
                    continue;
                }

                if (inFlight is not null && !await CompleteAsync(inFlight, batch, stoppingToken))
                {
                    // The earlier write failed and both batches were rewound: this preparation is redone on the retry.
                    inFlight = null;
                    continue;
                }

                // Off this thread: the write serializes and compresses the rows before its first await.
                inFlight = new InFlightWrite(batch, Task.Run(() => pipeline.WriteAsync(prepared, stoppingToken), stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await FinishOnStopAsync(inFlight);
            // Leave the group cleanly so partitions move to another instance at once; uncommitted work replays there.
            consumer.Close();
        }
    }

    /// <summary>Waits for the write; commits its batch, or rewinds it and <paramref name="next"/> and pauses. False when it failed.</summary>
    private async Task<bool> CompleteAsync(InFlightWrite inFlight, List<ConsumeResult<string, byte[]>> next, CancellationToken stoppingToken)
    {
        try
        {
            await inFlight.Write;
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            await RetryLaterAsync(exception, [.. inFlight.Batch, .. next], stoppingToken);
            return false;
        }

        Commit(inFlight.Batch);
        failures = 0;
        return true;
    }

    private async Task RetryLaterAsync(Exception exception, List<ConsumeResult<string, byte[]>> messages, CancellationToken stoppingToken)
    {
        failures++;
        var delay = TimeSpan.FromMilliseconds(Math.Min(settings.MaxRetryDelay.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(failures, 16))));
        logger.LogError(exception, "Batch of {Count} failed (attempt {Attempt}); retrying in {Delay}.", messages.Count, failures, delay);
        Rewind(messages);
        await Task.Delay(delay, stoppingToken);
    }

    /// <summary>On shutdown, a write already under way may still land: then its offsets are committed and nothing replays.</summary>
    private async Task FinishOnStopAsync(InFlightWrite? inFlight)
    {
        if (inFlight is null)
        {
            return;
        }

        try
        {
            await inFlight.Write;
            Commit(inFlight.Batch);
        }
        catch (Exception exception)
        {
            logger.LogInformation("The last batch's write did not finish before shutdown ({Reason}); it replays on the next start.", exception.Message);
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
        foreach (var first in batch.GroupBy(result => result.TopicPartition).Select(partition => new TopicPartitionOffset(partition.Key, partition.Min(r => r.Offset.Value))))
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

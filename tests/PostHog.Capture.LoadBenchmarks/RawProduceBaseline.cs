using System.Diagnostics;
using Confluent.Kafka;
using PostHog.Capture.Sinks;

namespace PostHog.Capture.LoadBenchmarks;

/// <summary>
/// The unavoidable Kafka cost: one Confluent.Kafka producer with capture's own settings (<see cref="CaptureProducerConfig"/>:
/// acks=all, idempotent, linger, compression, queue size; statistics every second like ServiceDefaults) sending
/// the messages capture produced, as fast as librdkafka takes them (delivery handlers, no per-message await).
/// </summary>
public sealed class RawProduceBaseline(string bootstrapServers, IReadOnlyList<Message<string, byte[]>> messages)
{
    public sealed record Result(long Delivered, long Failed, string? FirstFailure, double Seconds)
    {
        public double MessagesPerSecond => Delivered / Seconds;

        public static Result Combine(IReadOnlyList<Result> rounds) =>
            new(rounds.Sum(r => r.Delivered), rounds.Sum(r => r.Failed), rounds.Select(r => r.FirstFailure).FirstOrDefault(f => f is not null), rounds.Sum(r => r.Seconds));
    }

    public Result Run(string topic, TimeSpan duration)
    {
        var config = CaptureProducerConfig.Apply(new ProducerConfig { BootstrapServers = bootstrapServers, StatisticsIntervalMs = 1000 }, new CaptureOptions());
        using var producer = new ProducerBuilder<string, byte[]>(config).SetStatisticsHandler((_, _) => { }).Build();
        long delivered = 0, failed = 0;
        string? firstFailure = null;
        Action<DeliveryReport<string, byte[]>> onDelivery = report =>
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref failed);
                firstFailure ??= report.Error.Reason;
            }
            else
            {
                Interlocked.Increment(ref delivered);
            }
        };
        var clock = Stopwatch.StartNew();
        for (var i = 0; clock.Elapsed < duration; i++)
        {
            var message = messages[i % messages.Count];
            while (true)
            {
                try
                {
                    producer.Produce(topic, message, onDelivery);
                    break;
                }
                catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(1));
                }
            }
        }
        // Like capture's last requests, what was handed over before the deadline counts once it is acknowledged.
        producer.Flush(TimeSpan.FromMinutes(1));
        return new Result(delivered, failed, firstFailure, clock.Elapsed.TotalSeconds);
    }
}

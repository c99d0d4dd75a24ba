namespace PostHog.LocalKafka.Storage;

/// <summary>Applies size/time retention once a minute; does nothing when both limits are 0 (the dev default).</summary>
public sealed class RetentionEnforcer(TopicRegistry topics, BrokerOptions options, ILogger<RetentionEnforcer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.RetentionBytes <= 0 && options.RetentionMs <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Clamp(options.RetentionMs / 10_000.0, 1, 60)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var topic in topics.All)
                foreach (var partition in topic.Partitions)
                {
                    var deleted = partition.ApplyRetention(options.RetentionBytes, options.RetentionMs, now);
                    if (deleted > 0)
                        logger.LogInformation("Retention deleted {Count} segments of {Topic}-{Partition}", deleted, topic.Name, partition.Partition);
                }
        }
    }
}

namespace PostHog.LocalKafka.Storage;

/// <summary>Bounds the loss window of acks=0/1 data to --flush-interval-ms by fsyncing dirty partitions periodically.</summary>
public sealed class BackgroundFlush(TopicRegistry topics, LogFlusher flusher, BrokerOptions options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(10, options.FlushIntervalMs)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var pending = new List<Task>();
            foreach (var topic in topics.All)
                foreach (var partition in topic.Partitions)
                    if (partition.HasUnflushedData) pending.Add(flusher.FlushAsync(partition));
            await Task.WhenAll(pending);
        }
    }
}

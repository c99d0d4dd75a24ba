using System.Collections.Concurrent;

namespace PostHog.LocalKafka.Groups;

/// <summary>All consumer groups of this node, and the 100 ms tick that drives their session and rebalance timers.</summary>
public sealed class GroupCoordinator(CommittedOffsetStore offsets) : BackgroundService
{
    private readonly ConcurrentDictionary<string, ConsumerGroup> _groups = new(StringComparer.Ordinal);

    public ConsumerGroup GetOrCreate(string groupId) => _groups.GetOrAdd(groupId, id => new ConsumerGroup(id));

    public ConsumerGroup? Find(string groupId) => _groups.GetValueOrDefault(groupId);

    /// <summary>Groups with members or with committed offsets (Kafka lists both).</summary>
    public IEnumerable<string> GroupIds => _groups.Keys.Union(offsets.Groups).Distinct();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await timer.WaitForNextTickAsync(stoppingToken))
            foreach (var group in _groups.Values) group.Tick();
    }
}

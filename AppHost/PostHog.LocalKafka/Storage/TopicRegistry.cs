using System.Collections.Concurrent;
using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Storage;

/// <summary>
/// All topics, loaded from <c>{data-dir}/topics/{topic}/{partition}/</c> at start-up. Creation and deletion are
/// serialized; lookups are lock-free.
/// </summary>
public sealed class TopicRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private readonly Lock _changes = new();
    private readonly BrokerOptions _options;
    private readonly ILogger _logger;
    private readonly string _root;

    public TopicRegistry(BrokerOptions options, ILogger<TopicRegistry> logger)
    {
        _options = options;
        _logger = logger;
        _root = Path.Combine(options.DataDir, "topics");
        Directory.CreateDirectory(_root);
        foreach (var topicDir in Directory.GetDirectories(_root))
        {
            var name = Path.GetFileName(topicDir);
            if (!IsValidName(name)) continue; // e.g. a deletion interrupted by a crash
            var partitionCount = Directory.GetDirectories(topicDir).Count(d => int.TryParse(Path.GetFileName(d), out _));
            if (partitionCount == 0) continue;
            _topics[name] = Open(name, partitionCount);
        }
        _logger.LogInformation("Loaded {Count} topics from {Root}", _topics.Count, _root);
    }

    public event Action<Topic>? TopicDeleted;

    public ICollection<Topic> All => _topics.Values;

    public Topic? Find(string name) => _topics.GetValueOrDefault(name);

    /// <summary>Kafka's rule: 1–249 characters of [a-zA-Z0-9._-], not "." or "..".</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 249 && name != "." && name != ".." &&
        name.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-');

    public ErrorCode Create(string name, int partitions, out Topic? topic)
    {
        topic = null;
        if (!IsValidName(name)) return ErrorCode.InvalidTopic;
        if (partitions == -1) partitions = _options.Partitions;
        if (partitions is <= 0 or > 10_000) return ErrorCode.InvalidPartitions;
        lock (_changes)
        {
            if (_topics.TryGetValue(name, out topic)) return ErrorCode.TopicAlreadyExists;
            topic = Open(name, partitions);
            _topics[name] = topic;
        }
        _logger.LogInformation("Created topic {Topic} with {Partitions} partitions", name, partitions);
        return ErrorCode.None;
    }

    /// <summary>Returns the topic, creating it with the default partition count when allowed.</summary>
    public Topic? GetOrCreate(string name, bool allowCreate, out ErrorCode error)
    {
        error = ErrorCode.None;
        if (_topics.TryGetValue(name, out var topic)) return topic;
        if (!IsValidName(name)) { error = ErrorCode.InvalidTopic; return null; }
        if (!allowCreate || !_options.AutoCreateTopics) { error = ErrorCode.UnknownTopicOrPartition; return null; }
        error = Create(name, -1, out topic);
        if (error == ErrorCode.TopicAlreadyExists) error = ErrorCode.None;
        return topic;
    }

    public ErrorCode Delete(string name)
    {
        Topic? topic;
        lock (_changes)
        {
            if (!_topics.TryRemove(name, out topic)) return ErrorCode.UnknownTopicOrPartition;
            var directory = Path.Combine(_root, name);
            var doomed = Path.Combine(_root, $"{name}.{Guid.NewGuid():N}.deleted");
            foreach (var partition in topic.Partitions) partition.Dispose();
            Directory.Move(directory, doomed);
            Directory.Delete(doomed, recursive: true);
        }
        TopicDeleted?.Invoke(topic);
        _logger.LogInformation("Deleted topic {Topic}", name);
        return ErrorCode.None;
    }

    private Topic Open(string name, int partitions) =>
        new(name, [.. Enumerable.Range(0, partitions).Select(p =>
            new PartitionLog(name, p, Path.Combine(_root, name, p.ToString(System.Globalization.CultureInfo.InvariantCulture)), _options.SegmentBytes, _logger))]);

    public void Dispose()
    {
        foreach (var topic in _topics.Values)
            foreach (var partition in topic.Partitions)
            {
                partition.Flush();
                partition.Dispose();
            }
    }
}

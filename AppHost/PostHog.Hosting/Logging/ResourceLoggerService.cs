using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Logging;

/// <summary>
/// Console output of every resource instance (Aspire's ResourceLoggerService): written to
/// <c>{state}/{resource}/logs/{instance}.log</c>, kept as an in-memory tail for the dashboard, watchable,
/// and (in tests) forwarded to ILogger. Secrets are masked before a line is stored anywhere.
/// </summary>
public sealed class ResourceLoggerService(SecretMasker masker, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    /// <summary>Lines kept in memory per instance.</summary>
    public const int TailLength = 2000;

    private readonly ConcurrentDictionary<string, ResourceLogStream> _streams = new(StringComparer.Ordinal);

    /// <summary>When true (testing), every line also goes to ILogger category <c>PostHog.Hosting.Resources.{name}</c>.</summary>
    public bool ForwardToLogger { get; set; }

    /// <summary>Opens (truncating; the previous run's file is kept as <c>.previous.log</c>) the log of one instance.</summary>
    public ResourceLogStream Open(IResource resource, string resourceId, string filePath)
    {
        var logger = ForwardToLogger ? loggerFactory.CreateLogger($"PostHog.Hosting.Resources.{resource.Name}") : null;
        var stream = new ResourceLogStream(resourceId, filePath, masker, logger);
        if (_streams.TryRemove(resourceId, out var old))
        {
            old.Dispose();
        }

        _streams[resourceId] = stream;
        return stream;
    }

    /// <summary>The last lines of an instance (or of all instances of a resource, by name).</summary>
    public IReadOnlyList<ResourceLogLine> GetTail(string resourceId)
        => _streams.TryGetValue(resourceId, out var stream) ? stream.Tail() : [];

    public string? GetLogFile(string resourceId) => _streams.TryGetValue(resourceId, out var stream) ? stream.FilePath : null;

    /// <summary>The tail, then new lines as they are written, until cancelled.</summary>
    public async IAsyncEnumerable<ResourceLogLine> WatchAsync(string resourceId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!_streams.TryGetValue(resourceId, out var stream))
        {
            yield break;
        }

        var channel = stream.Subscribe();
        try
        {
            await foreach (var line in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }
        }
        finally
        {
            stream.Unsubscribe(channel);
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (var stream in _streams.Values)
        {
            stream.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>The log of one resource instance: file + bounded tail + live subscribers.</summary>
public sealed class ResourceLogStream : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<ResourceLogLine> _tail = new();
    private readonly List<Channel<ResourceLogLine>> _subscribers = [];
    private readonly SecretMasker _masker;
    private readonly ILogger? _logger;
    private readonly StreamWriter _writer;
    private int _lineNumber;

    internal ResourceLogStream(string resourceId, string filePath, SecretMasker masker, ILogger? logger)
    {
        ResourceId = resourceId;
        FilePath = filePath;
        _masker = masker;
        _logger = logger;
        Directory.CreateDirectory(Path.GetDirectoryName(filePath)!);
        if (File.Exists(filePath))
        {
            File.Move(filePath, Path.ChangeExtension(filePath, ".previous.log"), overwrite: true);
        }

        _writer = new StreamWriter(new FileStream(filePath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public string ResourceId { get; }

    public string FilePath { get; }

    public void Write(string content, bool isError)
    {
        var masked = _masker.Mask(content);
        lock (_gate)
        {
            var line = new ResourceLogLine(++_lineNumber, DateTime.UtcNow, masked, isError);
            _tail.Enqueue(line);
            if (_tail.Count > ResourceLoggerService.TailLength)
            {
                _tail.Dequeue();
            }

            try
            {
                _writer.WriteLine(masked);
            }
            catch (ObjectDisposedException)
            {
                // The run is over; late output only goes to the tail.
            }

            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(line);
            }
        }

        if (_logger is not null)
        {
#pragma warning disable CA1848, CA2254 // Resource output is free text; no message template applies.
            _logger.Log(isError ? LogLevel.Warning : LogLevel.Information, "{ResourceId}: {Line}", ResourceId, masked);
#pragma warning restore CA1848, CA2254
        }
    }

    internal IReadOnlyList<ResourceLogLine> Tail()
    {
        lock (_gate)
        {
            return [.. _tail];
        }
    }

    internal Channel<ResourceLogLine> Subscribe()
    {
        var channel = Channel.CreateUnbounded<ResourceLogLine>();
        lock (_gate)
        {
            foreach (var line in _tail)
            {
                channel.Writer.TryWrite(line);
            }

            _subscribers.Add(channel);
        }

        return channel;
    }

    internal void Unsubscribe(Channel<ResourceLogLine> channel)
    {
        lock (_gate)
        {
            _subscribers.Remove(channel);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryComplete();
            }
        }
    }
}

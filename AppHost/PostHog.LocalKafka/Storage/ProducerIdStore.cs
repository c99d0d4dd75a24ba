using System.Globalization;

namespace PostHog.LocalKafka.Storage;

/// <summary>
/// Hands out idempotent-producer ids that are never reused across restarts: the file holds the end of the reserved
/// block, and a restart continues after it (unused ids of the old block are skipped).
/// </summary>
public sealed class ProducerIdStore
{
    private const long BlockSize = 1000;
    private readonly Lock _lock = new();
    private readonly string _path;
    private long _next;
    private long _blockEnd;

    public ProducerIdStore(BrokerOptions options)
    {
        Directory.CreateDirectory(options.DataDir);
        _path = Path.Combine(options.DataDir, "producer-ids");
        _next = File.Exists(_path) && long.TryParse(File.ReadAllText(_path).Trim(), CultureInfo.InvariantCulture, out var end) ? end : 0;
        _blockEnd = _next;
    }

    public long Next()
    {
        lock (_lock)
        {
            if (_next >= _blockEnd)
            {
                _blockEnd = _next + BlockSize;
                var temporary = _path + ".tmp";
                using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
                {
                    stream.Write(System.Text.Encoding.ASCII.GetBytes(_blockEnd.ToString(CultureInfo.InvariantCulture)));
                    stream.Flush(flushToDisk: true);
                }
                File.Move(temporary, _path, overwrite: true);
            }
            return _next++;
        }
    }
}

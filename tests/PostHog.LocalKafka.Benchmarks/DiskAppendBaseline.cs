using System.Diagnostics;

namespace PostHog.LocalKafka.Benchmarks;

/// <summary>
/// The ceiling the broker works under: appending the same bytes to one file in 1 MiB writes with an fsync after
/// each, i.e. what acks=all costs if every librdkafka-sized batch got its own flush, without any networking.
/// </summary>
public static class DiskAppendBaseline
{
    public static (double MegabytesPerSecond, TimeSpan Elapsed) Measure(string directory, long totalBytes)
    {
        var path = Path.Combine(directory, "baseline.log");
        var chunk = new byte[1 << 20];
        Random.Shared.NextBytes(chunk);
        var watch = Stopwatch.StartNew();
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0))
        {
            for (long written = 0; written < totalBytes; written += chunk.Length)
            {
                file.Write(chunk);
                file.Flush(flushToDisk: true);
            }
        }
        watch.Stop();
        File.Delete(path);
        return (totalBytes / 1e6 / watch.Elapsed.TotalSeconds, watch.Elapsed);
    }
}

namespace PostHog.Decide.Benchmarks;

/// <summary>
/// Time this process's threads spent runnable but waiting for a CPU (Linux schedstat run_delay, summed over threads):
/// how much the process was held back by others on the shared cores, as opposed to doing its own work.
/// </summary>
public static class RunQueueWait
{
    /// <summary>Summed over the threads alive now (a thread that exited takes its share with it).</summary>
    public static TimeSpan OfThisProcess()
    {
        var total = TimeSpan.Zero;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                total += Read(Path.Combine(task, "schedstat"));
            }
            catch (IOException)
            {
                // the thread exited
            }
        }
        return total;
    }

    public static TimeSpan OfThisThread() => Read("/proc/thread-self/schedstat");

    // "<on-cpu ns> <run-queue wait ns> <time slices>"
    private static TimeSpan Read(string path) => TimeSpan.FromTicks(long.Parse(File.ReadAllText(path).Split(' ')[1]) / 100);
}

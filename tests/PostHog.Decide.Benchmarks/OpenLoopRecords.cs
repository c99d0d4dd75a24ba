namespace PostHog.Decide.Benchmarks;

/// <summary>
/// Per request of one open-loop phase, Stopwatch timestamps (CLOCK_MONOTONIC ns, the same clock in every process):
/// when it was due, when it was sent, when its last response byte arrived; and its HTTP status (0: failed or no answer).
/// </summary>
public sealed class OpenLoopRecords(int count)
{
    public long Start { get; set; }
    public long[] Scheduled { get; } = new long[count];
    public long[] Sent { get; } = new long[count];
    public long[] Done { get; } = new long[count];
    public int[] Status { get; } = new int[count];
    public int WaitedForConnection { get; set; }
    public int MaxInFlight { get; set; }
    /// <summary>Time the pacing thread was runnable but had no CPU (not written to the file).</summary>
    public TimeSpan PacerWaitedForCpu { get; set; }

    public int Count => Scheduled.Length;
    public bool Succeeded(int i) => Status[i] is >= 200 and < 300 && Done[i] > 0;
    public int Failed => Enumerable.Range(0, Count).Count(i => !Succeeded(i));
    public double LatencyMs(int i) => (Done[i] - Scheduled[i]) / 1e6;

    public void WriteTo(string path)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(Count);
        writer.Write(Start);
        writer.Write(WaitedForConnection);
        writer.Write(MaxInFlight);
        for (var i = 0; i < Count; i++)
        {
            writer.Write(Scheduled[i]);
            writer.Write(Sent[i]);
            writer.Write(Done[i]);
            writer.Write(Status[i]);
        }
    }

    public static OpenLoopRecords ReadFrom(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var records = new OpenLoopRecords(reader.ReadInt32()) { Start = reader.ReadInt64(), WaitedForConnection = reader.ReadInt32(), MaxInFlight = reader.ReadInt32() };
        for (var i = 0; i < records.Count; i++)
        {
            records.Scheduled[i] = reader.ReadInt64();
            records.Sent[i] = reader.ReadInt64();
            records.Done[i] = reader.ReadInt64();
            records.Status[i] = reader.ReadInt32();
        }
        return records;
    }
}

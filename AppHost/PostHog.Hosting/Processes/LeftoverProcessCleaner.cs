namespace PostHog.Hosting.Processes;

/// <summary>
/// Kills the children a previous AppHost run left behind (it was SIGKILLed, or the machine's OOM killer struck):
/// every process still in the session of a recorded child, if it started no earlier than that child.
/// </summary>
public static class LeftoverProcessCleaner
{
    /// <summary>Returns one line per process group cleaned, for the console.</summary>
    public static async Task<IReadOnlyList<string>> CleanAsync(string stateDirectory, TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        var cleaned = new List<string>();
        foreach (var (path, record) in ProcessRecord.LoadAll(stateDirectory).ToList())
        {
            if (record is not null)
            {
                var survivors = Survivors(record);
                if (survivors.Count > 0)
                {
                    var names = string.Join(", ", survivors.Select(s => $"{s.ProcessId} {s.Name}"));
                    PosixSignals.SignalGroup(record.ProcessId, PosixSignals.SigTerm);
                    foreach (var survivor in survivors)
                    {
                        PosixSignals.Signal(survivor.ProcessId, PosixSignals.SigTerm);
                    }

                    var deadline = DateTime.UtcNow + gracePeriod;
                    while (DateTime.UtcNow < deadline && Survivors(record).Count > 0)
                    {
                        await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                    }

                    foreach (var survivor in Survivors(record))
                    {
                        PosixSignals.Signal(survivor.ProcessId, PosixSignals.SigKill);
                    }

                    cleaned.Add($"{record.ResourceId}: killed leftover process(es) from a previous run: {names}");
                }
            }

            File.Delete(path);
        }

        return cleaned;
    }

    private static List<ProcessInfo> Survivors(ProcessRecord record)
        => [.. ProcessInfo.InSession(record.ProcessId).Where(p => p.StartTicks >= record.StartTicks && !IsZombie(p))];

    private static bool IsZombie(ProcessInfo process)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{process.ProcessId}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}

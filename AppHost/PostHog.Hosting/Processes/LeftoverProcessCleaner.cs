namespace PostHog.Hosting.Processes;

/// <summary>
/// Kills the children a previous AppHost run left behind (it was SIGKILLed, or the machine's OOM killer struck):
/// every process still in the session of a recorded child, if it started no earlier than that child.
/// </summary>
public static class LeftoverProcessCleaner
{
    /// <summary>Returns one line per process group cleaned, for the console. All groups are stopped at once.</summary>
    public static async Task<IReadOnlyList<string>> CleanAsync(string stateDirectory, TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        var records = ProcessRecord.LoadAll(stateDirectory).ToList();
        var leftovers = records
            .Where(r => r.Record is not null)
            .Select(r => (Record: r.Record!, Survivors: Survivors(r.Record!)))
            .Where(r => r.Survivors.Count > 0)
            .ToList();

        foreach (var (record, survivors) in leftovers)
        {
            PosixSignals.SignalGroup(record.ProcessId, PosixSignals.SigTerm);
            foreach (var survivor in survivors)
            {
                PosixSignals.Signal(survivor.ProcessId, PosixSignals.SigTerm);
            }
        }

        var deadline = DateTime.UtcNow + gracePeriod;
        while (DateTime.UtcNow < deadline && leftovers.Any(l => Survivors(l.Record).Count > 0))
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        foreach (var survivor in leftovers.SelectMany(l => Survivors(l.Record)))
        {
            PosixSignals.Signal(survivor.ProcessId, PosixSignals.SigKill);
        }

        foreach (var (path, _) in records)
        {
            File.Delete(path);
        }

        return [.. leftovers.Select(l => $"{l.Record.ResourceId}: killed leftover process(es) from a previous run: {string.Join(", ", l.Survivors.Select(s => $"{s.ProcessId} {s.Name}"))}")];
    }

    private static List<ProcessInfo> Survivors(ProcessRecord record)
        => [.. ProcessInfo.InSession(record.ProcessId).Where(p => p.StartTicks >= record.StartTicks && !p.IsZombie)];
}

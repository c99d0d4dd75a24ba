using System.Diagnostics;

namespace PostHog.Hosting.Processes;

/// <summary>A launched child: its pid (also its process group and session id), start time and exit.</summary>
public sealed class RunningProcess
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal RunningProcess(Process process, string resourceId, string recordPath)
    {
        _process = process;
        ResourceId = resourceId;
        RecordPath = recordPath;
        ProcessId = process.Id;
        process.Exited += (_, _) => _ = CompleteAfterOutputAsync();
        if (process.HasExited)
        {
            _ = CompleteAfterOutputAsync();
        }
    }

    /// <summary>How long an exit waits for the child's last output lines (a grandchild holding the pipe must not hang it).</summary>
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(1);

    public string ResourceId { get; }

    public int ProcessId { get; }

    /// <summary>Our own session: kill(-pid) reaches every process it started.</summary>
    public bool OwnsProcessGroup { get; internal set; }

    internal string RecordPath { get; }

    public Task<int> Exited => _exited.Task;

    /// <summary>The AppHost asked this process to stop, so its exit is expected (kept per process: a restart reuses the instance).</summary>
    public bool StopRequested { get; internal set; }

    public bool HasExited => _exited.Task.IsCompleted;

    internal Process Process => _process;

    // The Exited event can fire before the redirected streams are read to the end; waiting for them first means an
    // exit is reported with its last output (start-up failures quote it).
    private async Task CompleteAfterOutputAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(OutputDrainTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
        }

        _exited.TrySetResult(SafeExitCode(_process));
    }

    private static int SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }
}

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
        process.Exited += (_, _) => _exited.TrySetResult(SafeExitCode(process));
        if (process.HasExited)
        {
            _exited.TrySetResult(SafeExitCode(process));
        }
    }

    public string ResourceId { get; }

    public int ProcessId { get; }

    /// <summary>Our own session: kill(-pid) reaches every process it started.</summary>
    public bool OwnsProcessGroup { get; internal set; }

    internal string RecordPath { get; }

    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    internal Process Process => _process;

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

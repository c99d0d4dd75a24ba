using System.Runtime.InteropServices;

namespace PostHog.Hosting.Processes;

/// <summary>kill(2) for process groups: .NET's Process.Kill sends SIGKILL only and cannot address a group.</summary>
internal static partial class PosixSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>Signals every process of the group whose id is <paramref name="processGroupId"/>; false if none is left.</summary>
    public static bool SignalGroup(int processGroupId, int signal) => processGroupId > 1 && Kill(-processGroupId, signal) == 0;

    public static bool Signal(int processId, int signal) => processId > 1 && Kill(processId, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}

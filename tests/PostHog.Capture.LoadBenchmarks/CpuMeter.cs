using System.Diagnostics;

namespace PostHog.Capture.LoadBenchmarks;

/// <summary>CPU seconds spent by capture, the broker and this process over one phase: where the two cores went.</summary>
public sealed class CpuMeter
{
    private readonly Process[] _processes;
    private readonly TimeSpan[] _start;

    private CpuMeter(Process[] processes)
    {
        _processes = processes;
        _start = processes.Select(Cpu).ToArray();
    }

    public static CpuMeter Start(CaptureStack stack) => new([stack.Capture, stack.Broker, Process.GetCurrentProcess()]);

    /// <summary>CPU seconds of capture, broker and this process since <see cref="Start"/>.</summary>
    public double[] Stop() => _processes.Select((p, i) => (Cpu(p) - _start[i]).TotalSeconds).ToArray();

    private static TimeSpan Cpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }
}

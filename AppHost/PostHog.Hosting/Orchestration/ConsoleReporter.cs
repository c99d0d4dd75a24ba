using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Orchestration;

/// <summary>
/// The AppHost's console (the dashboard shows the same live): one line per state or health change with the elapsed time,
/// then a table of resources, endpoints and log files with the total start-up time.
/// </summary>
internal sealed class ConsoleReporter(ResourceNotificationService notifications, ApplicationOrchestrator orchestrator, AppHostPaths paths)
{
    private readonly Stopwatch _clock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, (string State, HealthStatus? Health)> _printed = new(StringComparer.Ordinal);
    private readonly Lock _console = new();
    private Task? _watch;

    public void Begin()
    {
        _clock.Start();
        orchestrator.Notice += line => Write($"{Elapsed()}  {line}");
        Write($"{Elapsed()}  state folder {paths.StateDirectory}");
        _watch = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in notifications.WatchAsync(_stop.Token).ConfigureAwait(false))
                {
                    Report(e);
                }
            }
            catch (OperationCanceledException)
            {
                // Done.
            }
        });
    }

    public void PrintTable()
    {
        var rows = notifications.GetCurrent()
            .Where(e => e.Resource is not ParameterResource)
            .OrderBy(e => e.Resource.Name, StringComparer.Ordinal).ThenBy(e => e.Snapshot.ReplicaIndex)
            .Select(e => new[]
            {
                e.ResourceId,
                e.Snapshot.State,
                e.Snapshot.HealthStatus?.ToString() ?? string.Empty,
                string.Join(' ', e.Snapshot.Urls),
                e.Snapshot.LogFile is { } log ? Path.GetRelativePath(Environment.CurrentDirectory, log) : string.Empty,
            })
            .ToList();
        string[] header = ["RESOURCE", "STATE", "HEALTH", "ENDPOINTS", "LOG"];
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Select(r => r[i].Length).Append(header[i].Length).Max()).ToArray();
        var text = new StringBuilder().AppendLine();
        foreach (var row in rows.Prepend(header))
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }

        text.Append(CultureInfo.InvariantCulture, $"Started {rows.Count} resources in {_clock.Elapsed.TotalSeconds:0.00} s. Press Ctrl+C to stop.");
        Write(text.ToString());
    }

    public void PrintFailure(string message)
    {
        lock (_console)
        {
            Console.Error.WriteLine($"{Elapsed()}  ✗ {message}");
            Console.Error.WriteLine($"{Elapsed()}  stopping everything.");
        }
    }

    public void End()
    {
        _stop.Cancel();
        _watch?.Wait(TimeSpan.FromSeconds(1));
        Write($"{Elapsed()}  stopped.");
    }

    private void Report(ResourceEvent e)
    {
        if (e.Resource is ParameterResource)
        {
            return;
        }

        var s = e.Snapshot;
        var previous = _printed.GetValueOrDefault(e.ResourceId);
        if (previous.State == s.State && previous.Health == s.HealthStatus)
        {
            return;
        }

        _printed[e.ResourceId] = (s.State, s.HealthStatus);
        if (s.State == KnownResourceStates.NotStarted)
        {
            return;
        }

        var detail = s.State switch
        {
            KnownResourceStates.Running when previous.State != KnownResourceStates.Running
                => string.Join(' ', s.Urls
                    .Prepend(s.ProcessId is { } pid ? $"pid {pid.ToString(CultureInfo.InvariantCulture)}" : string.Empty)
                    .Append(s.HealthStatus == HealthStatus.Healthy || s.HealthStatus is null ? string.Empty : "(waiting for health checks)")
                    .Where(x => x.Length > 0)),
            KnownResourceStates.Running => s.HealthStatus == HealthStatus.Healthy ? "healthy" : $"unhealthy{(s.Message is null ? string.Empty : $": {s.Message}")}",
            KnownResourceStates.FailedToStart or KnownResourceStates.Exited or KnownResourceStates.Finished => s.Message ?? string.Empty,
            _ => string.Empty,
        };
        Write($"{Elapsed()}  {e.ResourceId,-24} {s.State,-13} {detail}".TrimEnd());
    }

    private string Elapsed() => string.Create(CultureInfo.InvariantCulture, $"{_clock.Elapsed.TotalSeconds,7:0.00}s");

    private void Write(string line)
    {
        lock (_console)
        {
            Console.WriteLine(line);
        }
    }
}

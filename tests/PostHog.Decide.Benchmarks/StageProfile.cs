using System.Buffers;
using System.Diagnostics;
using PostHog.Decide.Requests;
using PostHog.Decide.Responses;

namespace PostHog.Decide.Benchmarks;

/// <summary>
/// In-process cost of Decide's own work per request (parse → evaluate → write), without HTTP, on one thread:
/// microseconds and bytes allocated per stage. Tells what the HTTP numbers cannot: where Decide's time goes.
/// </summary>
public static class StageProfile
{
    public static async Task RunAsync(FlagsEvaluation evaluation, Func<int, byte[]> body, string name, int iterations = 20_000)
    {
        var bodies = Enumerable.Range(0, 1000).Select(body).ToArray();
        var output = new ArrayBufferWriter<byte>(16 * 1024);
        long parseTicks = 0, evaluateTicks = 0, writeTicks = 0, parseBytes = 0, evaluateBytes = 0, writeBytes = 0;
        for (var round = 0; round < 2; round++) // the first round warms up (tiered JIT), the second is measured
        {
            parseTicks = evaluateTicks = writeTicks = parseBytes = evaluateBytes = writeBytes = 0;
            for (var i = 0; i < iterations; i++)
            {
                var a0 = GC.GetAllocatedBytesForCurrentThread();
                var t0 = Stopwatch.GetTimestamp();
                var request = FlagRequestParser.Parse(bodies[i % bodies.Length]);
                var t1 = Stopwatch.GetTimestamp();
                var a1 = GC.GetAllocatedBytesForCurrentThread();
                var outcome = await evaluation.EvaluateAsync(request, CancellationToken.None);
                var t2 = Stopwatch.GetTimestamp();
                var a2 = GC.GetAllocatedBytesForCurrentThread();
                output.ResetWrittenCount();
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                FlagsResponseWriter.Write(output, outcome, ResponseFormat.FlagsV2, false, RequestId.NewVersion7(now), now);
                var t3 = Stopwatch.GetTimestamp();
                var a3 = GC.GetAllocatedBytesForCurrentThread();
                parseTicks += t1 - t0; evaluateTicks += t2 - t1; writeTicks += t3 - t2;
                parseBytes += a1 - a0; evaluateBytes += a2 - a1; writeBytes += a3 - a2;
            }
        }
        double Us(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency / iterations;
        Console.WriteLine($"stages {name,-30} parse {Us(parseTicks),6:0.0} µs {parseBytes / iterations,6} B | evaluate {Us(evaluateTicks),6:0.0} µs {evaluateBytes / iterations,6} B | write {Us(writeTicks),6:0.0} µs {writeBytes / iterations,6} B | {output.WrittenCount} bytes out");
    }
}

using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/PostHog.Capture.Benchmarks -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(PostHog.Capture.Benchmarks.CapturePathBenchmarks).Assembly).Run(args);

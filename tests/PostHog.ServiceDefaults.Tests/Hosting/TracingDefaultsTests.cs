using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using PostHog.ServiceDefaults.Tests.Fixtures;

namespace PostHog.ServiceDefaults.Tests.Hosting;

// The ActivityListener is process-wide: other test classes' web apps would add their activities to it, so this
// class runs alone.
[Collection(Name)]
public sealed class TracingDefaultsTests
{
    public const string Name = "Process-wide activity listener";

    [Fact]
    public async Task Health_probes_are_not_recorded_but_requests_are()
    {
        // Requests are sent one after another, so their server activities stop in that order.
        var recorded = new List<bool>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStopped = activity => { lock (recorded) { recorded.Add(activity.Recorded); } },
        };
        ActivitySource.AddActivityListener(listener);
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls(url);
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/work", () => "done");
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        await http.GetStringAsync("/health");
        await http.GetStringAsync("/alive");
        await http.GetStringAsync("/work");
        await app.StopAsync();

        lock (recorded)
        {
            // /health, /alive, /work
            Assert.Equal([false, false, true], recorded);
        }
    }
}

[CollectionDefinition(TracingDefaultsTests.Name, DisableParallelization = true)]
public sealed class ProcessWideActivityListenerCollection;

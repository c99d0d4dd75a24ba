using Microsoft.Extensions.DependencyInjection;
using PostHog.Hosting.Orchestration;
using PostHog.Hosting.Servers.Native;

namespace PostHog.Hosting.Tests.Servers;

[Trait("Category", "Integration")]
public sealed class MissingPackageTests
{
    [Fact]
    public async Task A_server_whose_package_is_missing_fails_start_up_with_one_line_naming_it_and_the_apt_command()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var host = new ServerTestHost();
        var builder = host.NewBuilder();
        var missing = new DebianPackage("/usr/sbin/no-such-server", "no-such-server");
        builder.AddExecutable("lonely", missing.Path, ".").OnBeforeStart((_, _) =>
        {
            missing.EnsureInstalled();
            return Task.CompletedTask;
        });
        await using var app = builder.Build();

        await app.StartAsync(cts.Token);
        var failure = await app.Services.GetRequiredService<ApplicationOrchestrator>().Startup.WaitAsync(cts.Token);

        Assert.Equal("lonely: /usr/sbin/no-such-server not found — run: apt-get install -y no-such-server", failure);
    }
}

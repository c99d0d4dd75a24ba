using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PostHog.Migrations;

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.AddMigrations();

using var host = builder.Build();
await host.StartAsync();
var logger = host.Services.GetRequiredService<ILogger<MigrationJob>>();
try
{
    await host.Services.GetRequiredService<MigrationJob>().RunAsync(CancellationToken.None);
    logger.LogInformation("Migrations complete.");
    Environment.ExitCode = 0;
}
catch (Exception exception)
{
    // A non-zero exit keeps WaitForCompletion(migrations) from starting services on a half-made schema.
    logger.LogCritical(exception, "Migrations failed.");
    Environment.ExitCode = 1;
}
finally
{
    await host.StopAsync();
}

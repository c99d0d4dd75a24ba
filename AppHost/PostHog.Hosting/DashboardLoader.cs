using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace PostHog.Hosting;

/// <summary>
/// Starts the dashboard (AppHost/PostHog.Dashboard) in run mode when the AppHost ships it, as Aspire starts its own.
/// Loaded by name because the dashboard depends on this library, not the other way round.
/// <c>AppHost:Dashboard=false</c> turns it off (the testing harness's default, as Aspire's DisableDashboard).
/// </summary>
internal static class DashboardLoader
{
    public static void TryAdd(IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode || !builder.Configuration.GetValue(AppHostConfigurationNames.Dashboard, true))
        {
            return;
        }

        Assembly assembly;
        try
        {
            assembly = Assembly.Load("PostHog.Dashboard");
        }
        catch (FileNotFoundException)
        {
            return; // An AppHost without the dashboard.
        }

        var add = assembly.GetType("PostHog.Dashboard.DashboardHosting")?.GetMethod("AddDashboard", [typeof(IDistributedApplicationBuilder)]);
        add?.Invoke(null, [builder]);
    }
}

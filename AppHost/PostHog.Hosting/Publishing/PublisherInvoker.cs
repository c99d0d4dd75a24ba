using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Publishing;

/// <summary>Publish mode: finds the publisher named by <c>--publisher</c> and runs it once; returns the exit code.</summary>
internal static class PublisherInvoker
{
    public static async Task<int> PublishAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var name = configuration[AppHostConfigurationNames.Publisher] is { Length: > 0 } configured ? configured : "manifest";
        var publisher = services.GetKeyedService<IDistributedApplicationPublisher>(name);
        if (publisher is null)
        {
            await Console.Error.WriteLineAsync($"No publisher named '{name}' is registered (builder.Services.AddKeyedSingleton<IDistributedApplicationPublisher, …>(\"{name}\")).").ConfigureAwait(false);
            return 1;
        }

        await publisher.PublishAsync(services.GetRequiredService<DistributedApplicationModel>(), configuration[AppHostConfigurationNames.OutputPath], cancellationToken).ConfigureAwait(false);
        return 0;
    }
}

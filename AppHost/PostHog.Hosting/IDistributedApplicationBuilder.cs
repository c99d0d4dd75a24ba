using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting;

/// <summary>The AppHost builder, shaped like Aspire's: add resources fluently, then <c>Build().Run()</c>.</summary>
public interface IDistributedApplicationBuilder
{
    ConfigurationManager Configuration { get; }

    IServiceCollection Services { get; }

    IHostEnvironment Environment { get; }

    IDistributedApplicationEventing Eventing { get; }

    IResourceCollection Resources { get; }

    DistributedApplicationExecutionContext ExecutionContext { get; }

    /// <summary>The AppHost project's directory; relative project paths resolve against it.</summary>
    string AppHostDirectory { get; }

    /// <summary>
    /// Where backing servers keep data dirs and logs between runs (configuration <c>AppHost:StateDirectory</c>).
    /// Each resource gets <c>{StateDirectory}/{resource name}</c>.
    /// </summary>
    string StateDirectory { get; }

    IResourceBuilder<T> AddResource<T>(T resource) where T : IResource;

    IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource;

    DistributedApplication Build();
}

public interface IResourceBuilder<out T> where T : IResource
{
    IDistributedApplicationBuilder ApplicationBuilder { get; }

    T Resource { get; }

    IResourceBuilder<T> WithAnnotation<TAnnotation>(TAnnotation annotation) where TAnnotation : IResourceAnnotation;
}

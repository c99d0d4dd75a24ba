using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Health;
using PostHog.Hosting.Logging;
using PostHog.Hosting.Orchestration;

namespace PostHog.Hosting;

/// <summary>
/// The AppHost builder over a generic-host <see cref="HostApplicationBuilder"/> (configuration from appsettings,
/// user secrets, environment and command line; services; environment), like Aspire's.
/// </summary>
public sealed class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    private readonly HostApplicationBuilder _host;
    private readonly DistributedApplicationEventing _eventing = new();
    private readonly ResourceCollection _resources = [];

    public DistributedApplicationBuilder(DistributedApplicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        var assembly = options.Assembly ?? Assembly.GetEntryAssembly();
        AppHostDirectory = Path.GetFullPath(options.ProjectDirectory ?? AppHostLocation.ProjectDirectory(assembly));
        var args = NormalizeArgs(options.Args ?? []);

        _host = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ApplicationName = assembly?.GetName().Name,
            ContentRootPath = AppHostDirectory,
            EnvironmentName = System.Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Development,
        });
        _host.Configuration.AddCommandLine(args, AppHostConfigurationNames.SwitchMappings.ToDictionary());
        if (options.ConfigurationOverrides.Count > 0)
        {
            // Below the command line, so an explicit argument still wins over a (testing) default.
            var sources = ((IConfigurationBuilder)_host.Configuration).Sources;
            var firstCommandLine = sources.Select((source, i) => (source, i)).FirstOrDefault(x => x.source is CommandLineConfigurationSource).i;
            sources.Insert(firstCommandLine, new MemoryConfigurationSource { InitialData = options.ConfigurationOverrides });
        }

        var operation = Configuration[AppHostConfigurationNames.Publisher] is { Length: > 0 }
            || string.Equals(Configuration[AppHostConfigurationNames.Operation], "publish", StringComparison.OrdinalIgnoreCase)
            ? DistributedApplicationOperation.Publish
            : DistributedApplicationOperation.Run;
        ExecutionContext = new DistributedApplicationExecutionContext(operation);
        StateDirectory = Path.GetFullPath(Configuration[AppHostConfigurationNames.StateDirectory] is { Length: > 0 } configured
            ? Path.Combine(AppHostDirectory, configured)
            : AppHostLocation.DefaultStateDirectory(AppHostDirectory));

        ConfigureLogging(_host.Logging);
        ConfigureServices(_host.Services);
        DistributedApplication.TestingHook?.OnBuilderCreated?.Invoke(this);
    }

    public DistributedApplicationOptions Options { get; }

    public ConfigurationManager Configuration => _host.Configuration;

    public IServiceCollection Services => _host.Services;

    public IHostEnvironment Environment => _host.Environment;

    public IDistributedApplicationEventing Eventing => _eventing;

    public IResourceCollection Resources => _resources;

    public DistributedApplicationExecutionContext ExecutionContext { get; }

    public string AppHostDirectory { get; }

    public string StateDirectory { get; }

    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        _resources.Add(resource);
        return CreateResourceBuilder(resource);
    }

    public IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource
        => new ResourceBuilder<T>(this, resource);

    /// <summary>
    /// Builds the app. Under the testing harness, Main's call is taken over: the builder goes to the test and Main
    /// stops here (the test then calls BuildAsync itself), as Aspire.Hosting.Testing does.
    /// </summary>
    public DistributedApplication Build()
    {
        if (DistributedApplication.TestingHook is { } hook && !hook.Building)
        {
            hook.Capture(this);
            throw new BuilderCapturedException();
        }

        WaitGraph.Validate(_resources);
        DashboardLoader.TryAdd(this);
        var host = _host.Build();
        return new DistributedApplication(host, this);
    }

    private static string[] NormalizeArgs(string[] args)
        => [.. args.Select(a => a == "--fresh" ? $"--{AppHostConfigurationNames.Fresh}=true" : a)];

    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
            o.ColorBehavior = LoggerColorBehavior.Default;
        });
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System.Net.Http", LogLevel.Warning);
        logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None);

        // A start-up failure is printed as one line by RunAsync; the host's own stack-trace log would bury it.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
    }

    private void ConfigureServices(IServiceCollection services)
    {
        services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        services.AddSingleton(ExecutionContext);
        services.AddSingleton<IDistributedApplicationEventing>(_eventing);
        services.AddSingleton(new DistributedApplicationModel(_resources));
        services.AddSingleton<ResourceNotificationService>();
        services.AddSingleton<SecretMasker>();
        services.AddSingleton<ResourceLoggerService>();
        services.AddSingleton(new AppHostPaths(AppHostDirectory, StateDirectory));
        services.AddHealthChecks();
        services.AddHttpClient(HttpEndpointHealthCheck.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5));
        services.AddSingleton<ResourceHealthCheckService>();
        services.AddSingleton<ApplicationOrchestrator>();
        services.AddSingleton<ResourceCommandService>();
        services.AddHostedService<OrchestratorHostedService>();
    }

    private sealed class ResourceBuilder<T>(IDistributedApplicationBuilder applicationBuilder, T resource) : IResourceBuilder<T>
        where T : IResource
    {
        public IDistributedApplicationBuilder ApplicationBuilder { get; } = applicationBuilder;

        public T Resource { get; } = resource;

        public IResourceBuilder<T> WithAnnotation<TAnnotation>(TAnnotation annotation) where TAnnotation : IResourceAnnotation
        {
            Resource.Annotations.Add(annotation);
            return this;
        }
    }
}

/// <summary>The AppHost's folders, for services that need them.</summary>
public sealed record AppHostPaths(string AppHostDirectory, string StateDirectory);

/// <summary>Thrown out of Main's <c>Build()</c> when the testing harness took the builder.</summary>
internal sealed class BuilderCapturedException() : Exception("The testing harness took over this AppHost's builder.");

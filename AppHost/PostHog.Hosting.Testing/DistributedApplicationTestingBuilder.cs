using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Testing;

/// <summary>
/// Aspire.Hosting.Testing's entry point: <see cref="CreateAsync{TEntryPoint}"/> runs an AppHost's Main up to
/// <c>Build()</c> and returns its builder; <see cref="Create"/> starts an empty model for ad-hoc resources.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    /// <summary>
    /// <typeparamref name="TEntryPoint"/> is any type of the AppHost assembly, typically the generated
    /// <c>Projects.PostHog_AppHost</c>. Main runs on another task until its <c>Build()</c> call, which is taken over.
    /// </summary>
    public static async Task<IDistributedApplicationTestingBuilder> CreateAsync<TEntryPoint>(string[]? args = null, CancellationToken cancellationToken = default)
        where TEntryPoint : class
    {
        var assembly = typeof(TEntryPoint).Assembly;
        var entryPoint = assembly.EntryPoint
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no entry point; pass a type from the AppHost assembly.");
        var stateDirectory = TestingDefaults.NewStateDirectory();
        var hook = new DistributedApplicationTestingHook
        {
            ConfigureOptions = options =>
            {
                options.Assembly = assembly;
                TestingDefaults.Apply(options, stateDirectory);
            },
        };

        // Only this async flow (and the Main it starts) sees the hook.
        DistributedApplication.TestingHook = hook;
        var main = Task.Run(async () =>
        {
            try
            {
                var result = entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? null : [args ?? []]);
                if (result is Task task)
                {
                    await task.ConfigureAwait(false);
                }

                hook.Fail(new InvalidOperationException($"{assembly.GetName().Name}'s Main returned without calling Build()."));
            }
            catch (Exception e) when (Unwrap(e) is BuilderCapturedException)
            {
                // Main stopped at Build(), as intended.
            }
            catch (Exception e)
            {
                hook.Fail(Unwrap(e));
            }
        }, cancellationToken);

        var builder = await hook.Captured.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new TestingBuilder(builder, stateDirectory);
    }

    /// <summary>An empty model in test mode (random ports, temp state folder, resource logs to ILogger).</summary>
    public static IDistributedApplicationTestingBuilder Create(params string[] args)
    {
        var stateDirectory = TestingDefaults.NewStateDirectory();
        var options = new DistributedApplicationOptions { Args = args, Assembly = Assembly.GetCallingAssembly(), ProjectDirectory = AppContext.BaseDirectory };
        TestingDefaults.Apply(options, stateDirectory);
        return new TestingBuilder(new DistributedApplicationBuilder(options), stateDirectory);
    }

    private static Exception Unwrap(Exception e) => e is TargetInvocationException { InnerException: { } inner } ? Unwrap(inner) : e;

    private sealed class TestingBuilder(DistributedApplicationBuilder inner, string stateDirectory) : IDistributedApplicationTestingBuilder
    {
        public ConfigurationManager Configuration => inner.Configuration;

        public IServiceCollection Services => inner.Services;

        public IHostEnvironment Environment => inner.Environment;

        public IDistributedApplicationEventing Eventing => inner.Eventing;

        public IResourceCollection Resources => inner.Resources;

        public DistributedApplicationExecutionContext ExecutionContext => inner.ExecutionContext;

        public string AppHostDirectory => inner.AppHostDirectory;

        public string StateDirectory => inner.StateDirectory;

        public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource => inner.AddResource(resource);

        public IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource => inner.CreateResourceBuilder(resource);

        private bool _built;

        public DistributedApplication Build()
        {
            var app = inner.Build();
            _built = true;
            app.OnDisposed(() => DeleteStateDirectory(app.Builder.StateDirectory));
            return app;
        }

        public Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default)
            => Task.Run(Build, cancellationToken);

        /// <summary>A builder that never became an app still may have written generated secrets to its temp folder.</summary>
        public ValueTask DisposeAsync()
        {
            if (!_built)
            {
                DeleteStateDirectory(inner.StateDirectory);
            }

            return ValueTask.CompletedTask;
        }

        /// <summary>The temp state folder goes with the app, unless the test configured its own.</summary>
        private void DeleteStateDirectory(string used)
        {
            if (string.Equals(used, Path.GetFullPath(stateDirectory), StringComparison.Ordinal) && Directory.Exists(stateDirectory))
            {
                try
                {
                    Directory.Delete(stateDirectory, recursive: true);
                }
                catch (IOException)
                {
                    // A process that was SIGKILLed may still be releasing a file; the temp folder is harmless.
                }
            }
        }
    }
}

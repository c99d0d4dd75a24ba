using PostHog.Decide.Auth;
using PostHog.Decide.Definitions;
using PostHog.Decide.Endpoints;
using PostHog.Decide.Persons;
using PostHog.Decide.Teams;
using PostHog.RequestDecoding;
using StackExchange.Redis;

namespace PostHog.Decide;

public static class DecideRegistration
{
    /// <summary>Decide's clients and services: pooled Postgres (<c>posthogdb</c>) and Redis (<c>redis</c>) failing fast, caches, evaluation.</summary>
    public static IHostApplicationBuilder AddDecide(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("posthogdb");
        // Redis is a cache here: while it is down, commands must fail at once rather than queue for the sync timeout.
        builder.AddRedisClient("redis", configureOptions: options =>
        {
            options.BacklogPolicy = BacklogPolicy.FailFast;
            options.AsyncTimeout = 1000;
            options.SyncTimeout = 1000;
            options.ConnectTimeout = 2000;
        });
        builder.Services.Configure<DecideOptions>(builder.Configuration.GetSection(DecideOptions.Section));
        builder.Services.Configure<DecodingOptions>(builder.Configuration.GetSection(DecideOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RequestDecoder>();
        builder.Services.AddSingleton<DatabaseGate>();
        builder.Services.AddSingleton<RedisCache>();
        builder.Services.AddSingleton<TeamStore>();
        builder.Services.AddSingleton<DefinitionsLoader>();
        builder.Services.AddSingleton<DefinitionsCache>();
        builder.Services.AddSingleton<PersonStore>();
        builder.Services.AddSingleton<PersonalKeyAuthenticator>();
        builder.Services.AddSingleton<FlagsEvaluation>();
        builder.Services.AddHostedService<FlagChangeListener>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDecideEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Json(new { service = "decide", description = "Feature flags and remote config (/flags, /decide, /flags/definitions, /array/<token>/config)." }));
        app.MapFlagsEndpoints();
        app.MapDefinitionsEndpoints();
        app.MapRemoteConfigEndpoints();
        return app;
    }
}

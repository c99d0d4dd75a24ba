// The system's topology (see the picture in /work/shared/design.md): backing servers, then services wired to them.
var builder = DistributedApplication.CreateBuilder(args);

var capture = builder.AddProject<Projects.PostHog_Capture>("capture")
    .WithHttpHealthCheck("/health");
var decide = builder.AddProject<Projects.PostHog_Decide>("decide")
    .WithHttpHealthCheck("/health");
builder.AddProject<Projects.PostHog_Ingestion>("ingestion")
    .WithHttpHealthCheck("/health");
builder.AddProject<Projects.PostHog_Worker>("worker")
    .WithHttpHealthCheck("/health");
var web = builder.AddProject<Projects.PostHog_Web>("web")
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");
builder.AddProject<Projects.PostHog_Ingress>("ingress")
    .WithHttpEndpoint(port: 8000)
    .WithExternalHttpEndpoints()
    .WithReference(capture)
    .WithReference(decide)
    .WithReference(web);

builder.Build().Run();

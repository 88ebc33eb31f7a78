using Notifications.AppHost;
using Notifications.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = builder.AddNotificationsInfrastructure();
var database = infrastructure.Database;
var cache = infrastructure.Cache;

// Run-once: applies EF Core migrations and installs Hangfire's schema, then exits.
var migrations = builder.AddProject<Projects.Notifications_MigrationService>("migrations")
    .WithReference(database)
    .WaitFor(database)
    .WithOtlpTimeout();

var simulator = builder.AddProject<Projects.Notifications_Simulator>("simulator")
    .WithHttpHealthCheck("/health")
    .WithOtlpTimeout();

// The API key local callers use (curl, the benchmark); set ApiKeys:dev in the AppHost's configuration to change it.
var devApiKey = builder.AddParameter("api-key-dev", builder.Configuration["ApiKeys:dev"] ?? "local-development-key", secret: true);

// Both services wait for the migrations because those contain the schema they query.
var api = builder.AddProject<Projects.Notifications_Api>("api")
    .WithEnvironment("ApiKeys__dev", devApiKey)
    .WithReference(database)
    .WithReference(cache)
    .WaitFor(cache)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health")
    .WithOtlpTimeout();

var worker = builder.AddProject<Projects.Notifications_Worker>("worker")
    .WithReference(database)
    .WithReference(cache)
    .WaitFor(cache)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health")
    .WithUrlForEndpoint("http", url =>
    {
        url.Url = "/hangfire";
        url.DisplayText = "Hangfire dashboard";
    })
    .WithOtlpTimeout();

// Twilio and SendGrid when credentials are configured, the simulator otherwise.
builder.WireProviders(api, worker, simulator);

builder.Build().Run();

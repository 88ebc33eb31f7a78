using Notifications.AppHost;
using Notifications.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

// Real Twilio/SendGrid when their credentials are configured (Twilio then needs PUBLIC_BASE_URL), the simulator otherwise.
var providers = ProviderSettings.From(builder.Configuration);

// Scale:Api and Scale:Worker replicas (default 1 each); every other resource stays single (docs/deployment.md).
var scale = ScaleSettings.From(builder.Configuration);

var infrastructure = builder.AddNotificationsInfrastructure();
var database = infrastructure.Database;
var cache = infrastructure.Cache;

// Run-once: applies EF Core migrations and installs Hangfire's schema, then exits.
var migrations = builder.AddProject<Projects.Notifications_MigrationService>("migrations")
    .WithReference(database)
    .WaitFor(database)
    .WithOtlpTimeout();

var simulator = providers.NeedsSimulator
    ? builder.AddProject<Projects.Notifications_Simulator>("simulator")
        .WithHttpHealthCheck("/health")
        .WithOtlpTimeout()
    : null;

// The API key local callers use (curl, the benchmark); set ApiKeys:dev in the AppHost's configuration to change it.
var devApiKey = builder.AddParameter("api-key-dev", builder.Configuration["ApiKeys:dev"] ?? LocalUrls.DefaultApiKey, secret: true);

// Both services wait for the migrations because those contain the schema they query.
var api = builder.AddProject<Projects.Notifications_Api>("api")
    .WithEnvironment("ApiKeys__dev", devApiKey)
    // The local app may also send with overrideOptIn (the README's examples do).
    .WithEnvironment("Apps__dev__Scopes", "messages:send,messages:read,consent:write,consent:read,reports:read,opt-in:override")
    .WithReference(database)
    .WithReference(cache)
    .WaitFor(cache)
    .WaitForCompletion(migrations)
    .WithReplicas(scale.Api)
    .WithHttpHealthCheck("/health")
    .WithUrlForEndpoint("http", endpoint => new() { Url = endpoint.Url + LocalUrls.ApiReferencePath, DisplayText = "API reference (Scalar)" })
    .WithOtlpTimeout();

var worker = builder.AddProject<Projects.Notifications_Worker>("worker")
    .WithReference(database)
    .WithReference(cache)
    .WaitFor(cache)
    .WaitForCompletion(migrations)
    .WithReplicas(scale.Worker)
    .WithHttpHealthCheck("/health")
    .WithUrlForEndpoint("http", url =>
    {
        url.Url = LocalUrls.HangfirePath;
        url.DisplayText = "Hangfire dashboard";
    })
    // Hangfire's "Back to site" link: the API reference.
    .WithEnvironment("HangfireDashboard__BackToSiteUrl", ReferenceExpression.Create($"{api.GetEndpoint("http")}{LocalUrls.ApiReferencePath}"))
    .WithOtlpTimeout();

builder.WireProviders(providers, api, worker, simulator);

if (builder.ExecutionContext.IsPublishMode)
{
    // Deployed, every dashboard user is remote: HTTP Basic with this password (the loopback shortcut is Development's only).
    worker.WithEnvironment("HangfireDashboard__Password", builder.AddParameter("hangfire-dashboard-password", secret: true));
}
else
{
    // The booking-reminder sample: an app that uses the api only through the typed client (local runs only, never published).
    var booking = builder.AddBookingSample(api);

    // One "ready" block in the console once every resource is healthy, and a line as it stops.
    builder.AddReadinessReport(api, worker, simulator, booking, usesDefaultApiKey: builder.Configuration["ApiKeys:dev"] is null);
}

builder.Build().Run();

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Notifications.AppHost;

internal static class ReadinessReport
{
    /// <summary>
    /// Prints each resource as it becomes ready, then one block with every address once all of them are
    /// (Aspire's own "Distributed application started" comes while the services are still starting), and a
    /// line when stopping begins.
    /// </summary>
    public static IDistributedApplicationBuilder AddReadinessReport(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<ProjectResource> api,
        IResourceBuilder<ProjectResource> worker,
        IResourceBuilder<ProjectResource>? simulator,
        IResourceBuilder<ProjectResource> booking,
        bool usesDefaultApiKey)
    {
        builder.Services.AddSingleton(new ReadinessLinks(
            api.GetEndpoint("http"), worker.GetEndpoint("http"), simulator?.GetEndpoint("http"), usesDefaultApiKey)
        {
            Booking = booking.GetEndpoint("http"),
        });
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<ReadinessReporter>();
        return builder;
    }
}

/// <summary>The addresses the ready block lists.</summary>
internal sealed record ReadinessLinks(EndpointReference Api, EndpointReference Worker, EndpointReference? Simulator, bool UsesDefaultApiKey)
{
    /// <summary>The booking-reminder sample.</summary>
    public EndpointReference? Booking { get; init; }
}

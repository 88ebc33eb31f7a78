namespace Notifications.AppHost.Infrastructure;

/// <summary>The two resources the projects reference, whichever mode provides them.</summary>
internal sealed record NotificationsInfrastructure(
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Cache);

namespace Notifications.IntegrationTests.Outages;

/// <summary>The stack the outage tests stop PostgreSQL and Redis under; its tests run one after another.</summary>
public sealed class OutageProcesses : ServiceProcesses
{
}

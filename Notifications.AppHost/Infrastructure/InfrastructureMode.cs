namespace Notifications.AppHost.Infrastructure;

/// <summary>How PostgreSQL and Redis are provided (configuration key <c>Infrastructure:Mode</c>).</summary>
internal enum InfrastructureMode
{
    /// <summary>Containers when a container runtime answers, otherwise the machine's own binaries.</summary>
    Auto,

    /// <summary>Aspire's PostgreSQL and Redis container resources.</summary>
    Containers,

    /// <summary>The machine's <c>postgres</c> and <c>redis-server</c> binaries as executable resources.</summary>
    Local,
}

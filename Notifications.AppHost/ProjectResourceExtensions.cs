namespace Notifications.AppHost;

internal static class ProjectResourceExtensions
{
    /// <summary>
    /// Bounds how long a stopping project keeps flushing telemetry to the dashboard. Without it a
    /// project can outlive the orchestrator's grace period while holding a PostgreSQL session.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithOtlpTimeout(this IResourceBuilder<ProjectResource> project) =>
        project.WithEnvironment("OTEL_EXPORTER_OTLP_TIMEOUT", "1000");
}

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Notifications.IntegrationTests.Infrastructure;

internal static class TestingBuilderExtensions
{
    /// <summary>
    /// With no dashboard to receive telemetry, each project would spend its shutdown retrying the
    /// OTLP export; dropping the endpoint keeps stops fast.
    /// </summary>
    public static IDistributedApplicationTestingBuilder WithoutOtlpExport(this IDistributedApplicationTestingBuilder builder)
    {
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            project.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
                context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT")));
        }

        return builder;
    }
}

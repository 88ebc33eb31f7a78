using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Notifications.IntegrationTests;

/// <summary>
/// How the AppHost wires Twilio and SendGrid: read from the resource graph it builds, without starting it.
/// </summary>
public sealed class AppHostProviderTests : IDisposable
{
    private const string TwilioSid = "TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef";
    private const string TwilioToken = "TWILIO_AUTH_TOKEN=0123456789abcdef0123456789abcdef";
    private const string SendGridKey = "SENDGRID_API_KEY=SG.not-a-real-key";

    private readonly string _dataPath = RepositoryPaths.NewTempDirectory("notifications-apphost-providers");

    public void Dispose() => Directory.Delete(_dataPath, recursive: true);

    [Fact]
    public async Task RealTwilioCredentials_WithoutPublicBaseUrl_RefuseToStartNamingTheSetting()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => CreateAsync(TwilioSid, TwilioToken, SendGridKey));

        Assert.Contains("PUBLIC_BASE_URL is required in the AppHost's configuration when TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set", Messages(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicBaseUrl_WithAPath_RefusesToStartNamingTheSetting()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => CreateAsync(TwilioSid, TwilioToken, "PUBLIC_BASE_URL=https://notifications.example.com/api"));

        Assert.Contains("PUBLIC_BASE_URL must be an http or https origin with no path", Messages(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealCredentials_WithPublicBaseUrl_StartNoSimulator_AndCallBackThroughThePublicOrigin()
    {
        await using var builder = await CreateAsync(TwilioSid, TwilioToken, SendGridKey, "PUBLIC_BASE_URL=https://notifications.example.com/");

        Assert.DoesNotContain(builder.Resources, r => r.Name == "simulator");
        await using var app = await builder.BuildAsync();
        foreach (var service in new[] { "api", "worker" })
        {
            var environment = await EnvironmentAsync(app, builder.Resources.Single(r => r.Name == service));
            Assert.Equal("https://notifications.example.com/api/webhooks/twilio/status", environment["TWILIO_STATUS_CALLBACK_URL"]);
            Assert.Equal("https://notifications.example.com", environment["PUBLIC_BASE_URL"]);
            Assert.False(environment.ContainsKey("TWILIO_API_BASE_URL"), $"{service} is pointed at a Twilio stand-in");
            Assert.False(environment.ContainsKey("SENDGRID_API_BASE_URL"), $"{service} is pointed at a SendGrid stand-in");
        }
    }

    [Fact]
    public async Task NoCredentials_StartTheSimulator_AndPointBothServicesAtIt()
    {
        await using var builder = await CreateAsync();

        Assert.Contains(builder.Resources, r => r.Name == "simulator");
        await using var app = await builder.BuildAsync();
        var environment = await EnvironmentAsync(app, builder.Resources.Single(r => r.Name == "worker"));
        Assert.True(environment.ContainsKey("TWILIO_API_BASE_URL"));
        Assert.True(environment.ContainsKey("SENDGRID_API_BASE_URL"));
    }

    private Task<IDistributedApplicationTestingBuilder> CreateAsync(params string[] settings) =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.Notifications_AppHost>(
            ["Infrastructure:Mode=local", $"Infrastructure:DataPath={_dataPath}", .. settings],
            (options, _) => options.DisableDashboard = true);

    /// <summary>The resource's environment as the AppHost would hand it over; values that need a running endpoint are left out.</summary>
    private static async Task<Dictionary<string, string>> EnvironmentAsync(DistributedApplication app, IResource resource)
    {
        var context = new EnvironmentCallbackContext(app.Services.GetRequiredService<DistributedApplicationExecutionContext>(), resource);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in context.EnvironmentVariables)
        {
            switch (value)
            {
                case string text:
                    values[name] = text;
                    break;
                case ReferenceExpression expression:
                    try
                    {
                        values[name] = await expression.GetValueAsync(CancellationToken.None) ?? string.Empty;
                    }
                    catch (InvalidOperationException)
                    {
                        values[name] = expression.ValueExpression; // refers to an endpoint, allocated only at start
                    }

                    break;
                default:
                    values[name] = value.ToString() ?? string.Empty; // an endpoint or parameter: only its presence is checked
                    break;
            }
        }

        return values;
    }

    private static string Messages(Exception exception)
    {
        var messages = new List<string>();
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message);
        }

        return string.Join(" | ", messages);
    }
}

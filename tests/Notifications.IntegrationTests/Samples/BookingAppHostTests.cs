using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Notifications.IntegrationTests.Samples;

/// <summary>How the AppHost wires the booking sample to the api: read from the resource graph it builds, without starting it.</summary>
public sealed class BookingAppHostTests : IDisposable
{
    private readonly string _dataPath = RepositoryPaths.NewTempDirectory("notifications-apphost-booking");

    public void Dispose() => Directory.Delete(_dataPath, recursive: true);

    [Fact]
    public async Task Booking_CallsTheApiWithItsOwnSecretKey_AndOnlyTheScopesItNeeds()
    {
        await using var builder = await CreateAsync();
        await using var app = await builder.BuildAsync();

        var booking = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "booking");
        var api = await EnvironmentAsync(app, builder.Resources.Single(r => r.Name == "api"));
        var sample = await EnvironmentAsync(app, booking);

        Assert.Equal("messages:send,messages:read,consent:write", api["Apps__booking__Scopes"]);
        Assert.Equal("default", api["Apps__booking__Program"]);
        Assert.True(api["ApiKeys__booking"].Length >= 32, "the generated key is long");
        Assert.Equal(api["ApiKeys__booking"], sample["Notifications__ApiKey"]);
        Assert.NotEqual(api["ApiKeys__dev"], api["ApiKeys__booking"]);
        Assert.True(booking.TryGetAnnotationsOfType<ResourceRelationshipAnnotation>(out var relationships)
            && relationships.Any(r => r.Resource.Name == "api"), "booking does not reference or wait for the api");
        Assert.Contains(sample.Keys, name => name.StartsWith("services__api__", StringComparison.Ordinal));
        var parameter = builder.Resources.OfType<ParameterResource>().Single(p => p.Name == "api-key-booking");
        Assert.True(parameter.Secret);
    }

    [Fact]
    public async Task Booking_KeyFromTheAppHostsConfiguration_ReachesBothSides()
    {
        await using var builder = await CreateAsync("ApiKeys:booking=booking-key-from-configuration-01");
        await using var app = await builder.BuildAsync();

        Assert.Equal("booking-key-from-configuration-01", (await EnvironmentAsync(app, builder.Resources.Single(r => r.Name == "api")))["ApiKeys__booking"]);
        Assert.Equal("booking-key-from-configuration-01", (await EnvironmentAsync(app, builder.Resources.Single(r => r.Name == "booking")))["Notifications__ApiKey"]);
    }

    private Task<IDistributedApplicationTestingBuilder> CreateAsync(params string[] settings) =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.Notifications_AppHost>(
            ["Infrastructure:Mode=local", $"Infrastructure:DataPath={_dataPath}", .. settings],
            (options, _) => options.DisableDashboard = true);

    /// <summary>The resource's environment with parameters resolved; values that need a running endpoint keep their expression.</summary>
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
            values[name] = value switch
            {
                string text => text,
                ParameterResource parameter => await parameter.GetValueAsync(CancellationToken.None) ?? string.Empty,
                IValueProvider provider => await TryValueAsync(provider) ?? (value as IManifestExpressionProvider)?.ValueExpression ?? string.Empty,
                _ => value.ToString() ?? string.Empty,
            };
        }

        return values;
    }

    private static async Task<string?> TryValueAsync(IValueProvider provider)
    {
        try
        {
            return await provider.GetValueAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            return null; // refers to an endpoint, allocated only at start
        }
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Notifications.Client;
using Notifications.Client.Aspire;

namespace Notifications.IntegrationTests.Client;

/// <summary>
/// <c>builder.AddNotificationsClient("api")</c> as an app of the AppHost uses it: the key from <c>Notifications:ApiKey</c>
/// and the api found by service discovery (<c>https+http://api</c>, which Aspire's <c>WithReference(api)</c> resolves
/// through <c>services:api:http:0</c>).
/// </summary>
[Collection(ClientDefinition.Name)]
public sealed class ClientAspireTests(ClientProcesses stack)
{
    [Fact]
    public async Task HostBuilder_ResolvesTheApiByServiceDiscovery_AndAuthenticatesWithTheConfiguredKey()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:api:http:0"] = stack.Api.BaseUrl.ToString(),
            ["Notifications:ApiKey"] = ClientProcesses.KeyOf(ClientProcesses.App),
        });
        builder.AddNotificationsClient("api");
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var client = host.Services.GetRequiredService<NotificationsClient>();
            var phone = await ClientRetryTests.ConsentedNumberAsync(client);

            var state = await client.GetConsentAsync(phone);

            Assert.Equal(phone, state.Phone);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}

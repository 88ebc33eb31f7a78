using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.ConsentRequests;

/// <summary>
/// The whole stack for double opt-in: the app <c>tests</c> in the program <c>default</c> (brand "Acme Alerts"), the app
/// <c>clinic</c> in the program <c>clinic</c>, and <c>reader</c> with <c>consent:read</c> only. Consent:ConfirmationWindow is
/// left at its default.
/// </summary>
public sealed class ConsentRequestsFixture : AppHostFixture
{
    public const string ApiKey = "consent-requests-tests-key-01";
    public const string ClinicKey = "consent-requests-clinic-key-1";
    public const string ReaderKey = "consent-requests-reader-key-1";
    public const string Brand = "Acme Alerts";

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        builder.CreateResourceBuilder<ProjectResource>("api")
            .WithEnvironment("ApiKeys__tests", ApiKey)
            .WithEnvironment("Apps__tests__Scopes", ApiFactory.AllScopes)
            .WithEnvironment("ApiKeys__clinic", ClinicKey)
            .WithEnvironment("Apps__clinic__Program", "clinic")
            .WithEnvironment("ApiKeys__reader", ReaderKey)
            .WithEnvironment("Apps__reader__Scopes", "consent:read")
            .WithEnvironment("Sms__Program__BrandName", Brand)
            .WithEnvironment("Programs__clinic__BrandName", "Clinic Care")
            .WithEnvironment("Programs__clinic__SupportContact", "help@clinic.example");
        builder.CreateResourceBuilder<ProjectResource>("worker")
            .WithEnvironment("Programs__clinic__BrandName", "Clinic Care")
            .WithEnvironment("Programs__clinic__SupportContact", "help@clinic.example")
            .WithEnvironment("Sms__Senders__default__MessagesPerSecond", "2000");
        builder.CreateResourceBuilder<ProjectResource>("simulator")
            .WithEnvironment("Simulator__Twilio__SentDelay", "00:00:00.050")
            .WithEnvironment("Simulator__Twilio__FinalDelay", "00:00:00.100");
    }

    public HttpClient Api(string key = ApiKey)
    {
        var client = App.CreateHttpClient("api");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public HttpClient Simulator() => App.CreateHttpClient("simulator");

    public async Task<string> DatabaseAsync() => (await App.GetConnectionStringAsync("notifications"))!;
}

using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.SendPath;

/// <summary>The whole stack with two worker replicas and short timings, for end-to-end send-path tests.</summary>
public sealed class SendPathFixture : AppHostFixture
{
    public const string ApiKey = "send-path-tests-key-0001";

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        builder.CreateResourceBuilder<ProjectResource>("api")
            .WithEnvironment("ApiKeys__tests", ApiKey)
            .WithEnvironment("Apps__tests__Scopes", ApiFactory.AllScopes)
            .WithEnvironment("ApiKeys__other", "other-app-key-0000001");
        builder.CreateResourceBuilder<ProjectResource>("worker")
            .WithReplicas(2)
            .WithEnvironment("Dispatch__RetryBaseDelay", "00:00:01")
            .WithEnvironment("Dispatch__AmbiguousAfter", "00:00:05")
            .WithEnvironment("Dispatch__ClaimTimeout", "00:00:10")
            .WithEnvironment("Dispatch__RecoveryInterval", "00:00:02")
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

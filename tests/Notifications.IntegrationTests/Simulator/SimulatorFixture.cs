using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Email;
using Notifications.Core.SendGrid;
using Notifications.Core.Sms;
using Notifications.Core.Twilio;
using Notifications.IntegrationTests.Infrastructure;
using SendGrid;
using Twilio.Clients;

namespace Notifications.IntegrationTests.Simulator;

/// <summary>
/// The simulator as a real process, a webhook receiver standing in for the service, and the
/// Twilio and SendGrid SDK clients built exactly as the service builds them.
/// </summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "fixture-auth-token";
    public const string SendGridApiKey = "SG.fixture-key";

    private ServiceProvider? _services;

    public WebhookReceiver Receiver { get; private set; } = null!;

    public ServiceProcess Simulator { get; private set; } = null!;

    public ITwilioRestClient Twilio { get; private set; } = null!;

    public ISendGridClient SendGrid { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public Uri StatusCallbackUrl => Receiver.Url("/status?app=tests");

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        Simulator = await ServiceProcess.StartAsync("Notifications.Simulator", new Dictionary<string, string>
        {
            ["Simulator__Twilio__AccountSid"] = AccountSid,
            ["Simulator__Twilio__AuthToken"] = AuthToken,
            ["Simulator__Twilio__InboundWebhookUrl"] = Receiver.Url("/inbound").ToString(),
            ["Simulator__Twilio__SentDelay"] = "00:00:00.050",
            ["Simulator__Twilio__FinalDelay"] = "00:00:00.100",
            ["Simulator__SendGrid__ApiKey"] = SendGridApiKey,
            ["Simulator__SendGrid__EventWebhookUrl"] = Receiver.Url("/events").ToString(),
            ["Simulator__SendGrid__EventDelay"] = "00:00:00.050",
        });

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TwilioOptions.AccountSidKey] = AccountSid,
            [TwilioOptions.AuthTokenKey] = AuthToken,
            [TwilioOptions.ApiBaseUrlKey] = Simulator.BaseUrl.ToString(),
            [SendGridOptions.ApiKeyKey] = SendGridApiKey,
            [SendGridOptions.FromEmailKey] = "notifications@example.com",
            [SendGridOptions.ApiBaseUrlKey] = Simulator.BaseUrl.ToString(),
        }).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddTwilioClient()
            .AddSendGridClient()
            .BuildServiceProvider();
        Twilio = _services.GetRequiredService<ITwilioRestClient>();
        SendGrid = _services.GetRequiredService<ISendGridClient>();
        Http = new HttpClient { BaseAddress = Simulator.BaseUrl };
    }

    /// <summary>A Twilio client with other credentials, built the same way.</summary>
    public ITwilioRestClient TwilioWith(string accountSid, string authToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TwilioOptions.AccountSidKey] = accountSid,
            [TwilioOptions.AuthTokenKey] = authToken,
            [TwilioOptions.ApiBaseUrlKey] = Simulator.BaseUrl.ToString(),
        }).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddTwilioClient()
            .BuildServiceProvider().GetRequiredService<ITwilioRestClient>();
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await Simulator.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

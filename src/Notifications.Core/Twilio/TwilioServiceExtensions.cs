using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notifications.Core.Programs;
using Notifications.Core.Sms;
using Twilio.Clients;
using Twilio.Http;

namespace Notifications.Core.Twilio;

public static class TwilioServiceExtensions
{
    public const string HttpClientName = "twilio";

    /// <summary>
    /// Registers <see cref="ITwilioRestClient"/>: the official SDK over an <see cref="System.Net.Http.HttpClient"/>
    /// from the factory (telemetry, resilience without POST retries) that honours <c>TWILIO_API_BASE_URL</c>.
    /// </summary>
    public static IServiceCollection AddTwilioClient(this IServiceCollection services)
    {
        services.AddOptions<TwilioOptions>().ValidateOnStart();
        services.AddSingleton<TwilioOptionsSetup>();
        services.AddSingleton<IConfigureOptions<TwilioOptions>>(sp => sp.GetRequiredService<TwilioOptionsSetup>());
        services.AddSingleton<IValidateOptions<TwilioOptions>>(sp => sp.GetRequiredService<TwilioOptionsSetup>());

        // No per-request HTTP logging: a worker makes hundreds of create calls a second, and each is
        // already a span (with its outcome) in the message's trace.
        services.AddHttpClient(HttpClientName)
            .RemoveAllLoggers()
            .AddHttpMessageHandler(sp =>
            {
                var baseUrl = sp.GetRequiredService<IOptions<TwilioOptions>>().Value.ApiBaseUrl;
                return new ApiBaseAddressHandler(baseUrl);
            });

        services.AddSingleton<ITwilioRestClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TwilioOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            return new TwilioRestClient(options.AccountSid, options.AuthToken, httpClient: new SystemNetHttpClient(http));
        });
        return services;
    }

    /// <summary>Registers <see cref="SmsSendersOptions"/>, <see cref="SmsOptions"/> and the programs (validated at start-up), <see cref="SenderSelector"/> and <see cref="CountryAllowList"/>.</summary>
    public static IServiceCollection AddSmsSenders(this IServiceCollection services)
    {
        // The programs read Sms:Senders too (each program's effective senders); here, where SMS is sent, it must name a sender.
        services.AddPrograms();
        services.AddOptions<SmsSendersOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmsSendersOptions>, SmsSendersOptionsSetup>(
            sp => sp.GetRequiredService<SmsSendersOptionsSetup>()));
        services.AddSingleton<SenderSelector>();
        services.AddSmsOptions();
        services.AddSingleton<CountryAllowList>();
        return services;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SendGrid;

namespace Notifications.Core.SendGrid;

public static class SendGridServiceExtensions
{
    public const string HttpClientName = "sendgrid";

    /// <summary>Registers <see cref="ISendGridClient"/> (the official SDK) on <c>SENDGRID_API_BASE_URL</c>.</summary>
    public static IServiceCollection AddSendGridClient(this IServiceCollection services)
    {
        AddOptions(services, sendsEmail: true);
        services.AddHttpClient(HttpClientName);
        services.AddSingleton<ISendGridClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SendGridOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            return new SendGridClient(http, new SendGridClientOptions
            {
                ApiKey = options.ApiKey,
                Host = options.ApiBaseUrl.ToString().TrimEnd('/'),
            });
        });
        return services;
    }

    /// <summary>Only what checking SendGrid's signed event webhook needs (<see cref="SendGridOptions.WebhookPublicKey"/>).</summary>
    public static IServiceCollection AddSendGridWebhookVerification(this IServiceCollection services) => AddOptions(services, sendsEmail: false);

    private static IServiceCollection AddOptions(IServiceCollection services, bool sendsEmail)
    {
        services.AddOptions<SendGridOptions>().ValidateOnStart();
        services.AddSingleton(sp => new SendGridOptionsSetup(sp.GetRequiredService<IConfiguration>(), sendsEmail));
        services.AddSingleton<IConfigureOptions<SendGridOptions>>(sp => sp.GetRequiredService<SendGridOptionsSetup>());
        services.AddSingleton<IValidateOptions<SendGridOptions>>(sp => sp.GetRequiredService<SendGridOptionsSetup>());
        return services;
    }
}

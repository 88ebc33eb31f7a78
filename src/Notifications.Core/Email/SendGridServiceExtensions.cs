using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SendGrid;

namespace Notifications.Core.Email;

public static class SendGridServiceExtensions
{
    public const string HttpClientName = "sendgrid";

    /// <summary>Registers <see cref="ISendGridClient"/> (the official SDK) on <c>SENDGRID_API_BASE_URL</c>.</summary>
    public static IServiceCollection AddSendGridClient(this IServiceCollection services)
    {
        services.AddOptions<SendGridOptions>().ValidateOnStart();
        services.AddSingleton<SendGridOptionsSetup>();
        services.AddSingleton<IConfigureOptions<SendGridOptions>>(sp => sp.GetRequiredService<SendGridOptionsSetup>());
        services.AddSingleton<IValidateOptions<SendGridOptions>>(sp => sp.GetRequiredService<SendGridOptionsSetup>());

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
}

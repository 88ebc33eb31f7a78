using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Notifications.Client.Aspire;

/// <summary>Registers <see cref="NotificationsClient"/> in an app of the same Aspire AppHost as the Notifications api.</summary>
public static class NotificationsClientHostBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="NotificationsClient"/> for the api resource named <paramref name="serviceName"/>: the options from
    /// configuration section <c>Notifications</c> (<c>Notifications:ApiKey</c>, set by the AppHost from a secret parameter),
    /// the base address <c>https+http://&lt;serviceName&gt;</c> through service discovery unless <c>Notifications:BaseAddress</c>
    /// says otherwise, options validated at start, and the retry policy of
    /// <see cref="NotificationsClientServiceCollectionExtensions.AddNotificationsClient"/>.
    /// </summary>
    /// <param name="builder">The app's builder.</param>
    /// <param name="serviceName">The api's resource name in the AppHost, for example <c>api</c>.</param>
    /// <param name="configure">Changes the options after configuration is read; null for none.</param>
    /// <returns>The client's builder, to add handlers of the app's own.</returns>
    public static IHttpClientBuilder AddNotificationsClient(
        this IHostApplicationBuilder builder, string serviceName = "api", Action<NotificationsClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        builder.Services.AddServiceDiscovery();
        var options = builder.Services.AddOptions<NotificationsClientOptions>().BindConfiguration(NotificationsClientOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure(o => o.BaseAddress ??= new Uri($"https+http://{serviceName}"));
        return builder.Services.AddNotificationsClient().AddServiceDiscovery();
    }
}

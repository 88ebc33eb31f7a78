using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Notifications.Client.Http;

namespace Notifications.Client;

/// <summary>Registers <see cref="NotificationsClient"/> on an <see cref="IServiceCollection"/>.</summary>
public static class NotificationsClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="NotificationsClient"/> as a typed client of <c>IHttpClientFactory</c>: the base address and API key
    /// from <see cref="NotificationsClientOptions"/> (validated at start), and the standard resilience handler set to retry only
    /// what is safe (a <c>503</c>, a <c>429</c> with a short enough <c>Retry-After</c>, a connection that could not be opened,
    /// and a keyed send that timed out). Resilience handlers added to every client (an app's service defaults) are removed
    /// from this one, so that nothing retries a send that is not safe to repeat. The factory's request logging is removed too:
    /// consent paths carry phone numbers.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configure">Sets the options (base address, API key, retries); null when they are configured elsewhere.</param>
    /// <returns>The client's builder, to add handlers of the app's own.</returns>
    public static IHttpClientBuilder AddNotificationsClient(this IServiceCollection services, Action<NotificationsClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<NotificationsClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationsClientOptions>, NotificationsClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        var http = services.AddHttpClient<NotificationsClient>((provider, client) =>
        {
            var settings = provider.GetRequiredService<IOptions<NotificationsClientOptions>>().Value;
            client.BaseAddress = settings.BaseAddress;
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
            // The resilience pipeline's total timeout bounds each call (every attempt and wait included).
            client.Timeout = Timeout.InfiniteTimeSpan;
        });
        http.RemoveAllLoggers();

        // Handlers run in the order they were configured: this drops the resilience handlers configured before (every
        // client's defaults), and the one added next is the client's only retry layer.
        http.ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
        {
            for (var i = handlers.Count - 1; i >= 0; i--)
            {
                if (handlers[i] is ResilienceHandler)
                {
                    handlers.RemoveAt(i);
                }
            }
        });
        var pipeline = http.AddStandardResilienceHandler();
        services.AddOptions<HttpStandardResilienceOptions>(pipeline.PipelineName)
            .Configure<IOptions<NotificationsClientOptions>, TimeProvider>((resilience, options, time) => RetryPolicy.Apply(resilience, options.Value, time));
        return http;
    }
}

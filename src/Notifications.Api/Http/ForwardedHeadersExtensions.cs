using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Notifications.Api.Http;

/// <summary>Forwarded headers believed only from the configured proxies (see <see cref="ForwardedHeadersSetup"/>).</summary>
internal static class ForwardedHeadersExtensions
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddSingleton<ForwardedHeadersSetup>();
        services.AddSingleton<IConfigureOptions<ForwardedHeadersOptions>>(sp => sp.GetRequiredService<ForwardedHeadersSetup>());
        services.AddSingleton<IValidateOptions<ForwardedHeadersOptions>>(sp => sp.GetRequiredService<ForwardedHeadersSetup>());
        services.AddOptions<ForwardedHeadersOptions>().ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Applies <c>X-Forwarded-Proto</c>/<c>X-Forwarded-Host</c> from a configured proxy. With none configured the
    /// middleware is left out: ASP.NET Core would otherwise believe every sender once its lists are empty.
    /// </summary>
    public static IApplicationBuilder UseTrustedForwardedHeaders(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        return ForwardedHeadersSetup.AnyConfigured(options) ? app.UseForwardedHeaders(options) : app;
    }
}

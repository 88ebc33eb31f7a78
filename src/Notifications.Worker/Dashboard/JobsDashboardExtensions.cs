using System.Net;
using Hangfire;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Notifications.Worker.Dashboard;

internal static class JobsDashboardExtensions
{
    public const string Path = "/hangfire";
    public const string PolicyName = "JobsDashboard";

    public static IHostApplicationBuilder AddJobsDashboard(this IHostApplicationBuilder builder)
    {
        // JobsDashboardOptions are bound and checked with the worker's other settings (AddWorkerOptions).
        builder.Services.AddAuthentication(BasicAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null);

        var isDevelopment = builder.Environment.IsDevelopment();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(PolicyName, policy => policy.RequireAssertion(context =>
            {
                if (context.User.Identity?.IsAuthenticated == true)
                {
                    return true;
                }

                // Development convenience only: a browser on this machine talking to the worker
                // directly. A request that came through a proxy carries forwarding headers and
                // never qualifies, because behind a proxy every request looks local.
                return isDevelopment
                    && context.Resource is HttpContext http
                    && http.RequestServices.GetRequiredService<IOptions<JobsDashboardOptions>>().Value.AllowLoopbackInDevelopment
                    && IsDirectLoopback(http);
            }));

        return builder;
    }

    public static IEndpointConventionBuilder MapJobsDashboard(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHangfireDashboard(Path, new DashboardOptions
        {
            DashboardTitle = "Notifications jobs",
            // Hangfire's default ("/") is the worker's root, which serves nothing; null hides the link.
            AppPath = endpoints.ServiceProvider.GetRequiredService<IOptions<JobsDashboardOptions>>().Value.BackToSiteUrl,
            // Access is decided by the endpoint's authorization policy, not Hangfire's local-only filter.
            Authorization = [],
            DisplayStorageConnectionString = false,
        })
        .RequireAuthorization(PolicyName);

    private static bool IsDirectLoopback(HttpContext http)
    {
        var headers = http.Request.Headers;
        if (headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("Forwarded") || headers.ContainsKey("X-Real-IP"))
        {
            return false;
        }

        var remote = http.Connection.RemoteIpAddress;
        return remote is not null && IPAddress.IsLoopback(remote);
    }
}

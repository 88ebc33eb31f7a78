using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Notifications.Api.Http;

/// <summary>
/// Reads the proxies whose <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c> are believed:
/// <c>ForwardedHeaders:KnownProxies</c> (IP addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges),
/// each a comma-separated list or an array. Nothing else is trusted, not even loopback (ASP.NET Core's default):
/// with neither set, the headers are ignored and the request's own scheme and host stand.
/// </summary>
internal sealed class ForwardedHeadersSetup(IConfiguration configuration)
    : IConfigureOptions<ForwardedHeadersOptions>, IValidateOptions<ForwardedHeadersOptions>
{
    public const string Section = "ForwardedHeaders";
    public const string KnownProxiesKey = Section + ":KnownProxies";
    public const string KnownNetworksKey = Section + ":KnownNetworks";

    public void Configure(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        options.ForwardLimit = 1;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in Entries(KnownProxiesKey))
        {
            if (IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
        }

        foreach (var entry in Entries(KnownNetworksKey))
        {
            if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
        }
    }

    public ValidateOptionsResult Validate(string? name, ForwardedHeadersOptions options)
    {
        var failures = Entries(KnownProxiesKey).Where(e => !IPAddress.TryParse(e, out _))
            .Select(e => $"{KnownProxiesKey} must list IP addresses; got '{e}'.")
            .Concat(Entries(KnownNetworksKey).Where(e => !System.Net.IPNetwork.TryParse(e, out _))
                .Select(e => $"{KnownNetworksKey} must list CIDR ranges (10.0.0.0/8); got '{e}'."))
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Whether any proxy is configured: without one, the forwarded headers are not read at all.</summary>
    public static bool AnyConfigured(ForwardedHeadersOptions options) => options.KnownProxies.Count > 0 || options.KnownIPNetworks.Count > 0;

    private IEnumerable<string> Entries(string key)
    {
        var section = configuration.GetSection(key);
        var values = section.Value is { } list ? list.Split(',') : section.GetChildren().Select(c => c.Value ?? string.Empty);
        return values.Select(v => v.Trim()).Where(v => v.Length > 0);
    }
}

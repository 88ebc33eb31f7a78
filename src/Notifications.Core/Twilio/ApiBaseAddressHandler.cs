namespace Notifications.Core.Twilio;

/// <summary>
/// Sends requests that an SDK addresses to its vendor's fixed host to a configured origin instead
/// (the Twilio SDK has no base-URL setting). Scheme, host and port are replaced; a path on the
/// configured origin is prefixed.
/// </summary>
public sealed class ApiBaseAddressHandler(Uri baseAddress) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } original)
        {
            var rewritten = new UriBuilder(original)
            {
                Scheme = baseAddress.Scheme,
                Host = baseAddress.Host,
                Port = baseAddress.Port,
                Path = baseAddress.AbsolutePath.TrimEnd('/') + original.AbsolutePath,
            };
            request.RequestUri = rewritten.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}

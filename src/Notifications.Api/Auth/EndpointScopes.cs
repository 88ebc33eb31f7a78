namespace Notifications.Api.Auth;

/// <summary>
/// The one place that says which scope each app endpoint needs, by endpoint name
/// (<c>WithName</c>). <see cref="ApiKeyServiceExtensions.RequireApiKey{TBuilder}"/> looks every endpoint
/// up here when the routes are built; an endpoint that needs an API key and is missing from this table
/// stops the API at start-up, so a new endpoint cannot go out without a scope.
/// </summary>
public static class EndpointScopes
{
    public static readonly IReadOnlyDictionary<string, string> ByEndpoint = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["SendMessage"] = AppScopes.MessagesSend,
        ["SendMessageBatch"] = AppScopes.MessagesSend,
        ["GetMessage"] = AppScopes.MessagesRead,
        ["ConfirmMessage"] = AppScopes.MessagesSend,
        ["RecordConsent"] = AppScopes.ConsentWrite,
        ["RevokeConsent"] = AppScopes.ConsentWrite,
        ["GetConsent"] = AppScopes.ConsentRead,
        ["ExportConsentEvidence"] = AppScopes.ConsentRead,
        ["CreateConsentRequest"] = AppScopes.ConsentWrite,
        ["GetConsentRequest"] = AppScopes.ConsentRead,
        ["ChannelReliability"] = AppScopes.ReportsRead,
    };

    /// <summary>The scope endpoint <paramref name="endpointName"/> needs.</summary>
    public static string For(string? endpointName) =>
        endpointName is not null && ByEndpoint.TryGetValue(endpointName, out var scope)
            ? scope
            : throw new InvalidOperationException(
                $"Endpoint '{endpointName ?? "(unnamed)"}' requires an API key but has no scope: add it to {nameof(EndpointScopes)}.{nameof(ByEndpoint)}.");
}

namespace Notifications.Api.Auth;

/// <summary>Endpoint metadata: the scope the endpoint requires (from <see cref="EndpointScopes"/>), for the OpenAPI document and tests.</summary>
public sealed record RequiredScopeMetadata(string Scope);

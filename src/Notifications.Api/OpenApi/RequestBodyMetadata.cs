namespace Notifications.Api.OpenApi;

/// <summary>
/// The body of a request whose handler reads it itself (raw JSON hashed for idempotency, a signed form, a
/// signed JSON array), for the OpenAPI document only. Unlike <c>Accepts</c>, it adds no content-type
/// matching to routing, so requests are answered exactly as before.
/// </summary>
internal sealed record RequestBodyMetadata(Type Type, string ContentType, string? Description);

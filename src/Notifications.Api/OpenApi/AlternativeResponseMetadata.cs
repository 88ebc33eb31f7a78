namespace Notifications.Api.OpenApi;

/// <summary>A further content type and body for a response the operation already describes, for the OpenAPI document only.</summary>
internal sealed record AlternativeResponseMetadata(int StatusCode, Type Type, string ContentType);

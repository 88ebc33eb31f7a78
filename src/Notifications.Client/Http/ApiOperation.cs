namespace Notifications.Client.Http;

/// <summary>
/// One operation of the api the client calls: its method and path (as the OpenAPI document writes them), the request body
/// and answer types, and the <see cref="NotificationsClient"/> method that calls it.
/// </summary>
internal sealed record ApiOperation(string ClientMethod, HttpMethod Method, string Path, Type? RequestBody, Type Response);

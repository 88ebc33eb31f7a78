namespace Notifications.Api.OpenApi;

internal static class RequestBodyConventionExtensions
{
    /// <summary>Documents the body <typeparamref name="TBody"/> the handler reads itself; see <see cref="RequestBodyMetadata"/>.</summary>
    public static RouteHandlerBuilder WithRequestBody<TBody>(this RouteHandlerBuilder builder, string contentType, string? description = null) =>
        builder.WithMetadata(new RequestBodyMetadata(typeof(TBody), contentType, description));
}

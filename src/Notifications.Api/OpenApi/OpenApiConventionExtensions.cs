namespace Notifications.Api.OpenApi;

internal static class OpenApiConventionExtensions
{
    /// <summary>Documents the body <typeparamref name="TBody"/> the handler reads itself; see <see cref="RequestBodyMetadata"/>.</summary>
    public static RouteHandlerBuilder WithRequestBody<TBody>(this RouteHandlerBuilder builder, string contentType, string? description = null) =>
        builder.WithMetadata(new RequestBodyMetadata(typeof(TBody), contentType, description));

    /// <summary>
    /// Documents a second body for a status code that already has one (a <c>400</c> that is either a validation
    /// problem or a JSON result); <c>Produces</c> would replace the first.
    /// </summary>
    public static RouteHandlerBuilder ProducesAlso<TBody>(this RouteHandlerBuilder builder, int statusCode, string contentType) =>
        builder.WithMetadata(new AlternativeResponseMetadata(statusCode, typeof(TBody), contentType));
}

namespace Notifications.Api.OpenApi;

internal static class OpenApiServiceExtensions
{
    /// <summary>The document served at <c>/openapi/v1.json</c>: every endpoint, its bodies, errors and security.</summary>
    public static IServiceCollection AddNotificationsOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Notifications API";
                document.Info.Description = "Consented SMS through Twilio with an email fallback: send messages, record consent, "
                    + "read delivery reliability. Apps authenticate with 'Authorization: Bearer <api key>'; Twilio's and SendGrid's "
                    + "webhooks are signed instead. Errors are application/problem+json.";
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer<ApiKeySecurityTransformer>();
            options.AddOperationTransformer<ApiKeySecurityTransformer>();
            options.AddOperationTransformer<BodyMetadataTransformer>();
        });
}

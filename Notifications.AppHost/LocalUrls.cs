namespace Notifications.AppHost;

/// <summary>Paths and defaults the console summary and the dashboard links share.</summary>
internal static class LocalUrls
{
    public const string DefaultApiKey = "local-development-key";
    public const string ApiReferencePath = "/scalar";
    public const string OpenApiDocumentPath = "/openapi/v1.json";
    public const string HangfirePath = "/hangfire";
}

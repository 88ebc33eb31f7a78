using Notifications.Client.Consent;
using Notifications.Client.Messages;
using Notifications.Client.Reports;

namespace Notifications.Client.Http;

/// <summary>
/// Every operation <see cref="NotificationsClient"/> calls, in one place: the client builds its requests from these, and a
/// test checks each against the OpenAPI document the api serves.
/// </summary>
internal static class ApiOperations
{
    public static readonly ApiOperation Send = new(nameof(NotificationsClient.SendAsync), HttpMethod.Post, "/api/messages", typeof(SendMessageRequest), typeof(AcceptedMessage));

    public static readonly ApiOperation SendBatch = new(nameof(NotificationsClient.SendBatchAsync), HttpMethod.Post, "/api/messages/batch", typeof(SendBatchRequest), typeof(BatchResponse));

    public static readonly ApiOperation GetMessage = new(nameof(NotificationsClient.GetMessageAsync), HttpMethod.Get, "/api/messages/{id}", null, typeof(MessageView));

    public static readonly ApiOperation Confirm = new(nameof(NotificationsClient.ConfirmAsync), HttpMethod.Post, "/api/messages/{id}/confirm", null, typeof(MessageConfirmation));

    public static readonly ApiOperation RecordConsent = new(nameof(NotificationsClient.RecordConsentAsync), HttpMethod.Post, "/api/consents", typeof(RecordConsentRequest), typeof(ConsentStateResponse));

    public static readonly ApiOperation GetConsent = new(nameof(NotificationsClient.GetConsentAsync), HttpMethod.Get, "/api/consents/{phone}", null, typeof(ConsentStateResponse));

    public static readonly ApiOperation RevokeConsent = new(nameof(NotificationsClient.RevokeConsentAsync), HttpMethod.Post, "/api/consents/{phone}/revoke", typeof(RevokeConsentRequest), typeof(ConsentStateResponse));

    public static readonly ApiOperation ExportConsent = new(nameof(NotificationsClient.ExportConsentAsync), HttpMethod.Get, "/api/consents/{phone}/export", null, typeof(ConsentEvidenceExport));

    public static readonly ApiOperation RequestConsent = new(nameof(NotificationsClient.RequestConsentAsync), HttpMethod.Post, "/api/consents/requests", typeof(CreateConsentRequest), typeof(ConsentRequestAccepted));

    public static readonly ApiOperation GetConsentRequest = new(nameof(NotificationsClient.GetConsentRequestAsync), HttpMethod.Get, "/api/consents/requests/{id}", null, typeof(ConsentRequestView));

    public static readonly ApiOperation GetReliabilityReport = new(nameof(NotificationsClient.GetReliabilityReportAsync), HttpMethod.Get, "/api/reports/channel-reliability", null, typeof(ChannelReliabilityReport));

    public static readonly IReadOnlyList<ApiOperation> All =
        [Send, SendBatch, GetMessage, Confirm, RecordConsent, GetConsent, RevokeConsent, ExportConsent, RequestConsent, GetConsentRequest, GetReliabilityReport];

    /// <summary>The operation's path with its parameters filled in, relative to the base address (no leading slash).</summary>
    public static string PathOf(ApiOperation operation, string? parameter = null)
    {
        var path = operation.Path.TrimStart('/');
        var open = path.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return path;
        }

        ArgumentException.ThrowIfNullOrEmpty(parameter);
        var close = path.IndexOf('}', open);
        return string.Concat(path.AsSpan(0, open), Uri.EscapeDataString(parameter), path.AsSpan(close + 1));
    }
}

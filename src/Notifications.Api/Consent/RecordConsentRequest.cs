using Notifications.Core.Consent;
using Notifications.Core.Inbound;
using Notifications.Core.Suppression;

namespace Notifications.Api.Consent;

/// <summary>Body of <c>POST /api/consents</c>.</summary>
public sealed record RecordConsentRequest(
    string? Phone,
    string? Purpose,
    string? Source,
    string? SourceUrl,
    string? OptInMessage,
    DateTimeOffset? CapturedAt,
    string? IpAddress,
    string? UserAgent,
    string? TimeZone = null);

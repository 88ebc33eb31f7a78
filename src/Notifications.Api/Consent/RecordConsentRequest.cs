using Notifications.Core.Consent;
using Notifications.Core.Inbound;
using Notifications.Core.Suppression;

namespace Notifications.Api.Consent;

/// <summary>
/// Body of <c>POST /api/consents</c>. <see cref="Email"/> (optional, purpose <c>marketing</c> only): the address the
/// person agreed to receive marketing email at; a marketing message's fallback email goes only to such an address.
/// </summary>
public sealed record RecordConsentRequest(
    string? Phone,
    string? Purpose,
    string? Source,
    string? SourceUrl,
    string? OptInMessage,
    DateTimeOffset? CapturedAt,
    string? IpAddress,
    string? UserAgent,
    string? Email = null,
    string? TimeZone = null);

using Notifications.Core.Suppression;

namespace Notifications.Api.Consent;

public sealed record SuppressionView(bool Active, string Reason, string? Detail, string? SourceMessageSid, DateTimeOffset SuppressedAt, DateTimeOffset? LiftedAt)
{
    public static SuppressionView? Of(SuppressedNumber? s) =>
        s is null ? null : new(s.Active, s.Reason, s.Detail, s.SourceMessageSid, s.SuppressedAt, s.LiftedAt);
}

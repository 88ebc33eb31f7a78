using Notifications.Core.Consent;

namespace Notifications.Api.Consent;

public sealed record ConsentEventView(
    long Id, string Purpose, string Kind, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, string Source,
    string? SourceUrl, string? OptInMessage, string? TextReceived, string? InboundMessageSid,
    string? IpAddress, string? UserAgent, string CapturedBy, string? Note, string Program, string? PreviousHash, string? Hash,
    string? Email)
{
    public static ConsentEventView Of(ConsentEvent e) => new(
        e.Id, e.Purpose, e.Kind, e.OccurredAt, e.RecordedAt, e.Source, e.SourceUrl, e.OptInMessage, e.TextReceived,
        e.InboundMessageSid, e.IpAddress, e.UserAgent, e.CapturedBy, e.Note, e.Program, e.PreviousHash, e.Hash, e.Email);
}

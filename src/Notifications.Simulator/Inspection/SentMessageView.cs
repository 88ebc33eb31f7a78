using Notifications.Simulator.Twilio;

namespace Notifications.Simulator.Inspection;

/// <summary>An SMS as the inspection endpoints show it: what was sent and every callback posted for it.</summary>
public sealed record SentMessageView(
    string Sid, string To, string? From, string? MessagingServiceSid, string Body, string Status, int? ErrorCode,
    DateTimeOffset DateCreated, IReadOnlyList<CallbackRecord> Callbacks, string? FeedbackOutcome, int? ValidityPeriod)
{
    public static SentMessageView Of(SimulatedMessage m) =>
        new(m.Sid, m.To, m.From, m.MessagingServiceSid, m.Body, m.Status, m.ErrorCode, m.DateCreated, m.Callbacks, m.FeedbackOutcome, m.ValidityPeriod);
}

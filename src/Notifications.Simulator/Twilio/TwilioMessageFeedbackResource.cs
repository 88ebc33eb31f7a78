namespace Notifications.Simulator.Twilio;

/// <summary>Twilio's MessageFeedback resource as its API returns it (dates in RFC 2822).</summary>
internal sealed record TwilioMessageFeedbackResource(
    string AccountSid, string MessageSid, string Outcome, string DateCreated, string DateUpdated, string Uri);

using System.Diagnostics;

namespace Notifications.Core.Telemetry;

/// <summary>
/// The <c>Notifications</c> activity source. A message's trace starts at the accepting request; its
/// W3C trace parent is stored with the message (the outbox), so the send, the Twilio call and
/// every status callback continue that trace. Tags carry ids, country, sender kind and error codes:
/// never a phone number.
/// </summary>
public static class NotificationsActivity
{
    public const string SourceName = "Notifications";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts a span in the message's own trace (or a new one when none was stored).</summary>
    public static Activity? StartForMessage(string name, ActivityKind kind, Guid messageId, string? traceParent)
    {
        ActivityContext.TryParse(traceParent, null, out var parent);
        var activity = Source.StartActivity(name, kind, parent);
        activity?.SetTag("notifications.message_id", messageId.ToString());
        return activity;
    }
}

namespace Notifications.Core.Email;

/// <summary>
/// A person's choice about email reported by the provider: stop (unsubscribe, group unsubscribe, spam report) or
/// start again (group resubscribe).
/// </summary>
/// <param name="EventId">The provider's event id (SendGrid's <c>sg_event_id</c>).</param>
/// <param name="Event">The provider's event name (<see cref="EmailPreferenceEvents"/>).</param>
/// <param name="Email">The address it is about, as reported.</param>
/// <param name="At">When the person acted (the event's own time, not when it reached us).</param>
/// <param name="MessageId">Our message whose fallback email it answers, when the event carries it.</param>
/// <param name="ProviderMessageId">The provider's id of that email (SendGrid's <c>X-Message-Id</c>), when known.</param>
public sealed record EmailPreference(string EventId, string Event, string Email, DateTimeOffset At, Guid? MessageId, string? ProviderMessageId)
{
    /// <summary>True when fallback emails to <see cref="Email"/> must be withheld from now on; false for a resubscribe.</summary>
    public bool Suppresses => EmailPreferenceEvents.Suppresses(Event);
}

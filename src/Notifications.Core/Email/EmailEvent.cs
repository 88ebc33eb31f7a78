using Notifications.Core.Messages;

namespace Notifications.Core.Email;

/// <summary>What the email provider reports about a fallback email.</summary>
/// <param name="ExternalId">What a repeated event is recognised by: the same value is applied once.</param>
/// <param name="MessageId">The message whose fallback the email is.</param>
/// <param name="Trigger">How the event moves <c>fallback.status</c>; null for events that only go in the timeline.</param>
/// <param name="Detail">The provider's event (and reason), kept in the timeline.</param>
public sealed record EmailEvent(string ExternalId, Guid MessageId, FallbackTrigger? Trigger, string Detail);

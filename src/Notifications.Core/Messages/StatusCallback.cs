namespace Notifications.Core.Messages;

/// <summary>What the SMS provider reports about a message: a status callback, or what reconciliation read.</summary>
/// <param name="MessageId">Our message id when the report carries it (the status callback URL's <c>messageId</c>).</param>
/// <param name="ProviderSid">The provider's id of the message.</param>
/// <param name="Status">The <see cref="MessageStatus"/> it reports; null for a provider status we do not track.</param>
/// <param name="ProviderStatus">The provider's own word for it, kept in the timeline.</param>
/// <param name="ErrorCode">The provider's error code, when it reports one.</param>
/// <param name="ExternalId">What a repeated report is recognised by: the same value is applied once.</param>
public sealed record StatusCallback(Guid? MessageId, string ProviderSid, string? Status, string ProviderStatus, int? ErrorCode, string ExternalId);

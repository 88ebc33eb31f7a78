using Notifications.Core.Inbound;

namespace Notifications.Api.Consent;

public sealed record InboundMessageView(string MessageSid, DateTimeOffset ReceivedAt, string To, string Body, string Classification)
{
    public static InboundMessageView Of(InboundMessage m) => new(m.MessageSid, m.ReceivedAt, m.To, m.Body, m.Classification);
}

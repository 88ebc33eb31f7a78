namespace Notifications.Simulator.Inspection;

/// <summary>
/// Everything the inspection page shows (<c>GET /simulator/overview</c>): the latest SMS, emails, inbound messages
/// and refused creates, newest first, with the totals.
/// </summary>
public sealed record SimulatorOverview(
    int MessageCount, IReadOnlyList<SentMessageView> Messages,
    int EmailCount, IReadOnlyList<SentEmailView> Emails,
    long InboundCount, IReadOnlyList<InboundRecord> Inbound,
    long RejectedCount, IReadOnlyList<RejectedCreate> Rejected);

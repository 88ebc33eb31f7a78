namespace Notifications.Core.Inbound;

/// <summary>The classification of one inbound message and the keyword that decided it, if any.</summary>
public sealed record InboundKeyword(string Classification, string? Keyword, bool IsKeyword)
{
    public static readonly InboundKeyword None = new(InboundClassification.Other, null, IsKeyword: false);
}

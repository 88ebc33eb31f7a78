namespace Notifications.Client.Consent;

/// <summary>The evidence export of one number (<c>GET /api/consents/{phone}/export</c>).</summary>
public sealed record ConsentEvidenceExport
{
    /// <summary>What the document is.</summary>
    public string Document { get; init; } = "";

    /// <summary>When it was made.</summary>
    public DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The app it was made for.</summary>
    public string GeneratedFor { get; init; } = "";

    /// <summary>The number, in E.164.</summary>
    public string Phone { get; init; } = "";

    /// <summary>The number's consent state and history.</summary>
    public ConsentStateResponse Consent { get; init; } = new();

    /// <summary>The number's inbound messages in the program.</summary>
    public IReadOnlyList<InboundMessageView> InboundMessages { get; init; } = [];

    /// <summary>Whether the hash chain was intact when the export was made.</summary>
    public bool Verified { get; init; }

    /// <summary>How long the evidence is kept.</summary>
    public string RetentionPolicy { get; init; } = "";
}

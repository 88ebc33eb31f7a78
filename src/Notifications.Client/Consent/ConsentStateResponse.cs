namespace Notifications.Client.Consent;

/// <summary>A number's consent in the app's program: the state per purpose, its suppression and the whole evidence history.</summary>
public sealed record ConsentStateResponse
{
    /// <summary>The number, in E.164.</summary>
    public string Phone { get; init; } = "";

    /// <summary>Whether sends to the number are suppressed.</summary>
    public bool Suppressed { get; init; }

    /// <summary>The suppression, if any.</summary>
    public SuppressionView? Suppression { get; init; }

    /// <summary>The state per purpose (<c>transactional</c>, <c>marketing</c>).</summary>
    public IReadOnlyDictionary<string, PurposeStateView> Purposes { get; init; } = new Dictionary<string, PurposeStateView>();

    /// <summary>Every consent event, in order.</summary>
    public IReadOnlyList<ConsentEventView> Events { get; init; } = [];
}

namespace Notifications.Core.Consent;

/// <summary>
/// Whether a program holds consent to send marketing email to an address: the person's latest marketing opt-in
/// (or re-opt-in) with that <see cref="ConsentEvent.Email"/> has no marketing revocation after it. A revocation of
/// marketing (STOP, an API revocation, a carrier opt-out) revokes the email consent with it; a later opt-in must
/// name the address again.
/// </summary>
public static class EmailConsent
{
    /// <summary>Whether <paramref name="history"/> (one program and number) holds marketing email consent for <paramref name="email"/>, compared without case.</summary>
    public static bool Holds(IEnumerable<ConsentEvent> history, string email)
    {
        var address = email.Trim();
        var marketing = history
            .Where(e => e.Purpose == ConsentPurpose.Marketing)
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)
            .ToList();
        var lastRevocation = marketing.FindLastIndex(e => e.Kind == ConsentEventKind.Revocation);
        return marketing.Skip(lastRevocation + 1)
            .Any(e => e.Email is { } consented && string.Equals(consented.Trim(), address, StringComparison.OrdinalIgnoreCase));
    }
}

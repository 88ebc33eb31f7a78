using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Core.Consent;

/// <summary>
/// The consent ledger's hash chain. Each event's hash is SHA-256 over the UTF-8 bytes of its canonical
/// form, which includes the hash of the previous event of the same program and number, so changing,
/// removing or reordering any event breaks every later link. The database computes the hash when a row is
/// inserted (function <c>consent_event_hash</c>, trigger <c>consent_events_chain</c>); this type computes the
/// same bytes to verify a history or an exported file. docs/compliance/tcpa-controls.md documents the bytes.
/// </summary>
public static class ConsentEventHash
{
    /// <summary>The first line of the canonical form; a new layout gets a new version.</summary>
    public const string Version = "consent-event-v1";

    /// <summary>
    /// The first line of the canonical form of an event that carries an <see cref="ConsentEvent.Email"/>: the
    /// <see cref="Version"/> layout with the email after the note. An event without one keeps the
    /// <see cref="Version"/> layout byte for byte, so no hash recorded before the field existed changes.
    /// </summary>
    public const string VersionWithEmail = "consent-event-v2";

    /// <summary>
    /// The canonical form: <see cref="Version"/>, then each field on its own line (separated by a line feed,
    /// none after the last): id, program, phone, purpose, kind, occurred at, recorded at, source, source URL,
    /// opt-in message, text received, inbound message SID, IP address, user agent, captured by, note, previous
    /// hash. A field is <c>-</c> when null, otherwise its length in UTF-8 bytes, a colon and the value, so no
    /// value can be mistaken for another whatever characters it holds. Ids are decimal; times are microseconds
    /// since 1970-01-01T00:00:00Z, decimal (PostgreSQL keeps microseconds). An event with an email starts with
    /// <see cref="VersionWithEmail"/> instead and has the email as one more field between the note and the previous hash.
    /// </summary>
    public static string Canonical(ConsentEvent e, string? previousHash)
    {
        List<string> fields =
        [
            e.Email is null ? Version : VersionWithEmail,
            Field(e.Id.ToString(CultureInfo.InvariantCulture)),
            Field(e.Program),
            Field(e.Phone),
            Field(e.Purpose),
            Field(e.Kind),
            Field(Microseconds(e.OccurredAt)),
            Field(Microseconds(e.RecordedAt)),
            Field(e.Source),
            Field(e.SourceUrl),
            Field(e.OptInMessage),
            Field(e.TextReceived),
            Field(e.InboundMessageSid),
            Field(e.IpAddress),
            Field(e.UserAgent),
            Field(e.CapturedBy),
            Field(e.Note),
        ];
        if (e.Email is not null)
        {
            fields.Add(Field(e.Email));
        }

        fields.Add(Field(previousHash));
        return string.Join('\n', fields);
    }

    /// <summary>SHA-256 of <see cref="Canonical"/>, lower-case hex.</summary>
    public static string Compute(ConsentEvent e, string? previousHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(e, previousHash))));

    /// <summary>
    /// Checks every chain in <paramref name="events"/> (one per program and number), each in id order: the
    /// first event has no previous hash, every other one names its predecessor's hash, and every hash is the
    /// one its fields give. Returns the id of the first event that fails, or null when every chain holds.
    /// </summary>
    public static long? FirstBroken(IEnumerable<ConsentEvent> events)
    {
        foreach (var chain in events.GroupBy(e => (e.Program, e.Phone)))
        {
            string? previous = null;
            foreach (var e in chain.OrderBy(e => e.Id))
            {
                if (!string.Equals(e.PreviousHash, previous, StringComparison.Ordinal)
                    || !string.Equals(e.Hash, Compute(e, previous), StringComparison.Ordinal))
                {
                    return e.Id;
                }

                previous = e.Hash;
            }
        }

        return null;
    }

    private static string Field(string? value) =>
        value is null ? "-" : $"{Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)}:{value}";

    private static string Microseconds(DateTimeOffset at) =>
        ((at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond).ToString(CultureInfo.InvariantCulture);
}

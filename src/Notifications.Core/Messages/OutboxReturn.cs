using Notifications.Core.Data;
using Npgsql;

namespace Notifications.Core.Messages;

/// <summary>
/// "Back to the outbox", written once: the create retry, the delivery-failure retry of a status
/// callback and the recovery's claim release all put a message back through these assignments. The
/// status is <see cref="MessageTrigger.Retry"/>'s or <see cref="MessageTrigger.ReleaseClaim"/>'s target
/// (<c>accepted</c>, which the check constraint ties to "not claimed"); the claim, the hand-over mark
/// and the abandoned attempt's SID (kept in its attempt row) are cleared.
/// </summary>
public static class OutboxReturn
{
    /// <summary>The assignments, with <paramref name="status"/> the SQL expression (a parameter) holding the target status.</summary>
    public static string Assignments(string status) =>
        $"status = {status}, batch_id = NULL, claimed_at = NULL, handed_over_at = NULL, provider_sid = NULL";

    /// <summary>
    /// Sends <paramref name="retries"/> back to the outbox for a new attempt (<see cref="MessageTrigger.Retry"/>),
    /// each due at its time (but never after its <c>valid_until</c>, so that it expires on time) with its error code, in one statement. A message moves only while its status
    /// is one the retry applies to and the abandoned attempt is still its current one: its SID, or none
    /// when Twilio never took it (a callback may have recorded one meanwhile: then Twilio has the message).
    /// </summary>
    public static NpgsqlBatchCommand Retry(IReadOnlyList<OutboxRetry> retries, DateTimeOffset now) => SqlCommands.Batch($"""
        UPDATE messages m SET {Assignments("$1")}, due_at = LEAST(u.due_at, COALESCE(m.valid_until, u.due_at)), error_code = u.error_code, updated_at = $2
        FROM unnest($3::uuid[], $4::timestamptz[], $5::int[], $6::text[]) AS u(id, due_at, error_code, sid)
        WHERE m.id = u.id AND m.status = ANY($7) AND m.provider_sid IS NOT DISTINCT FROM u.sid
        """,
        MessageTransitions.To(MessageTrigger.Retry), now,
        retries.Select(r => r.Id).ToArray(), retries.Select(r => r.DueAt).ToArray(), retries.Select(r => r.ErrorCode).ToArray(),
        retries.Select(r => r.AbandonedSid).ToArray(), MessageTransitions.From(MessageTrigger.Retry));
}

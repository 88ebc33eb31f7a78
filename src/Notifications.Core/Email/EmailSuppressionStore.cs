using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Notifications.Core.Data;
using Npgsql;

namespace Notifications.Core.Email;

/// <summary>
/// The email suppression list of fallback emails, per program, in PostgreSQL (<c>email_suppressions</c>).
/// </summary>
/// <remarks>
/// Each (program, address) keeps the preference with the latest <see cref="EmailPreference.At"/>; at the same
/// time a suppression wins over a resubscribe. That merge is idempotent and order-free: a duplicate event (SendGrid
/// sends many, recognised by <c>sg_event_id</c>) changes nothing, and a resubscribe that arrives after a newer
/// unsubscribe (or an unsubscribe after a newer resubscribe) does not override it. A resubscribe with nothing to
/// lift is kept too (inactive), so an older unsubscribe arriving after it stays without effect.
/// The program is the one of the message whose fallback email the event answers (our custom args, else SendGrid's
/// message id); an event that matches no message applies to every program (<see cref="EmailSuppression.AllPrograms"/>),
/// and a resubscribe lifts only the suppression of its own program (or the every-program one when it too matches no
/// message): an unsubscribe we cannot attribute is lifted only by a resubscribe we cannot attribute either.
/// </remarks>
public sealed partial class EmailSuppressionStore(NotificationsDbContext db, TimeProvider time, ILogger<EmailSuppressionStore> logger)
{
    /// <summary>Addresses are compared lower-case and trimmed (SendGrid reports them lower-case).</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>Records <paramref name="preference"/> for the program of its message (or every program); returns that program.</summary>
    public async Task<string> ApplyAsync(EmailPreference preference, CancellationToken cancellationToken)
    {
        var program = await ProgramOfAsync(preference, cancellationToken) ?? EmailSuppression.AllPrograms;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO email_suppressions (program, email, active, reason, event_id, at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (email, program) DO UPDATE
                SET active = excluded.active, reason = excluded.reason, event_id = excluded.event_id, at = excluded.at, updated_at = excluded.updated_at
                WHERE excluded.at > email_suppressions.at
                   OR (excluded.at = email_suppressions.at AND excluded.active AND NOT email_suppressions.active)
                """, connection);
            command.Parameters.Add(new() { Value = program });
            command.Parameters.Add(new() { Value = Normalize(preference.Email) });
            command.Parameters.Add(new() { Value = preference.Suppresses });
            command.Parameters.Add(new() { Value = preference.Event });
            command.Parameters.Add(new() { Value = preference.EventId });
            command.Parameters.Add(new() { Value = preference.At });
            command.Parameters.Add(new() { Value = time.GetUtcNow() });
            var changed = await command.ExecuteNonQueryAsync(cancellationToken) > 0;
            LogApplied(logger, preference.Event, preference.EventId, program, changed);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }

        return program;
    }

    /// <summary>Whether fallback emails of <paramref name="program"/> to <paramref name="email"/> are withheld, and by which event.</summary>
    public async Task<string?> SuppressedByAsync(string program, string email, CancellationToken cancellationToken)
    {
        var address = Normalize(email);
        return await db.EmailSuppressions.AsNoTracking()
            .Where(s => s.Email == address && (s.Program == program || s.Program == EmailSuppression.AllPrograms) && s.Active)
            .OrderByDescending(s => s.At)
            .Select(s => s.Reason)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The program of the message the event answers: by our message id, else by SendGrid's id of the email; null when none matches.</summary>
    private async Task<string?> ProgramOfAsync(EmailPreference preference, CancellationToken cancellationToken)
    {
        if (preference.MessageId is { } id
            && await db.Messages.AsNoTracking().Where(m => m.Id == id).Select(m => m.Program).FirstOrDefaultAsync(cancellationToken) is { } byId)
        {
            return byId;
        }

        return preference.ProviderMessageId is { Length: > 0 } providerId
            ? await db.Messages.AsNoTracking().Where(m => m.FallbackProviderId == providerId).Select(m => m.Program).FirstOrDefaultAsync(cancellationToken)
            : null;
    }

    [LoggerMessage(1, LogLevel.Information, "Email preference {Event} ({EventId}) recorded for program {Program} (state changed: {Changed})")]
    private static partial void LogApplied(ILogger logger, string @event, string eventId, string program, bool changed);
}

namespace Notifications.Core.Inbound;

/// <summary>
/// Where a reply can confirm a pending double opt-in request (<c>POST /api/consents/requests</c>): asked for every opt-in
/// keyword (START, YES, ...) before anything is re-subscribed. It records what it confirms in the caller's unit of work
/// (the same <c>NotificationsDbContext</c> and transaction) and answers the programs it confirmed; the reply is then their
/// opt-in confirmation. Implemented by <c>ConsentRequestConfirmer</c>.
/// </summary>
public interface IConsentRequestConfirmer
{
    /// <summary>The programs among <see cref="ConsentReply.Programs"/> whose pending request the reply confirmed; empty when none.</summary>
    Task<IReadOnlyList<string>> ConfirmAsync(ConsentReply reply, CancellationToken cancellationToken);
}

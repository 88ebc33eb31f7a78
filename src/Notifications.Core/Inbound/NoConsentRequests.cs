namespace Notifications.Core.Inbound;

/// <summary>The <see cref="IConsentRequestConfirmer"/> of an installation without double opt-in requests: confirms nothing.</summary>
public sealed class NoConsentRequests : IConsentRequestConfirmer
{
    public Task<IReadOnlyList<string>> ConfirmAsync(ConsentReply reply, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}

using Notifications.Core.Consent;

namespace Notifications.Api.Consent;

/// <summary>One consent request as <c>GET /api/consents/requests/{id}</c> shows it.</summary>
public sealed record ConsentRequestView(
    Guid Id, string Phone, string Purpose, string Status, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? ConfirmedAt)
{
    public static ConsentRequestView Of(ConsentRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ConsentRequestView(
            request.Id, request.Phone, request.Purpose, request.StatusAt(now), request.CreatedAt, request.ExpiresAt, request.ConfirmedAt);
    }
}

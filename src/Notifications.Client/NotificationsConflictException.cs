using System.Net;
using System.Text.Json;

namespace Notifications.Client;

/// <summary>
/// 409: the call conflicts with the resource's state: a send whose <c>Idempotency-Key</c> is still being processed, a
/// confirmation of a message not yet handed to Twilio, a consent request while another purpose's is pending.
/// </summary>
public sealed class NotificationsConflictException : NotificationsApiException
{
    /// <summary>Creates the exception for a 409 problem answer.</summary>
    /// <param name="problem">The problem document.</param>
    public NotificationsConflictException(JsonElement problem)
        : base(HttpStatusCode.Conflict, problem)
    {
    }
}

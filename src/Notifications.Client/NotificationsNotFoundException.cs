using System.Net;
using System.Text.Json;

namespace Notifications.Client;

/// <summary>404: no such message or consent request for this app, or no consent for the number in the app's program.</summary>
public sealed class NotificationsNotFoundException : NotificationsApiException
{
    /// <summary>Creates the exception for a 404 problem answer.</summary>
    /// <param name="problem">The problem document.</param>
    public NotificationsNotFoundException(JsonElement problem)
        : base(HttpStatusCode.NotFound, problem)
    {
    }
}

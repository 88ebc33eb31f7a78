using System.Net;
using System.Text.Json;

namespace Notifications.Client;

/// <summary>401: the API key is missing or unknown (check <c>Notifications:ApiKey</c> against the api's <c>ApiKeys:&lt;app&gt;</c>).</summary>
public sealed class NotificationsUnauthorizedException : NotificationsApiException
{
    /// <summary>Creates the exception for a 401 problem answer.</summary>
    /// <param name="problem">The problem document.</param>
    public NotificationsUnauthorizedException(JsonElement problem)
        : base(HttpStatusCode.Unauthorized, problem)
    {
    }
}

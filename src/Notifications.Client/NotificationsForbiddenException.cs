using System.Net;
using System.Text.Json;

namespace Notifications.Client;

/// <summary>403: the app lacks a scope the call needs (<c>Apps:&lt;app&gt;:Scopes</c> on the api); <see cref="MissingScope"/> names it.</summary>
public sealed class NotificationsForbiddenException : NotificationsApiException
{
    /// <summary>Creates the exception for a 403 problem answer.</summary>
    /// <param name="problem">The problem document.</param>
    public NotificationsForbiddenException(JsonElement problem)
        : base(HttpStatusCode.Forbidden, problem)
    {
    }

    /// <summary>The scope the app lacks (the problem's <c>scope</c>, for example <c>consent:read</c>), when the api said.</summary>
    public string? MissingScope => StringMember("scope");
}

using System.Net;
using System.Text.Json;

namespace Notifications.Client;

/// <summary>400: the request was not valid; <see cref="Errors"/> says why, field by field.</summary>
public sealed class NotificationsValidationException : NotificationsApiException
{
    /// <summary>Creates the exception for a 400 problem answer.</summary>
    /// <param name="problem">The problem document.</param>
    public NotificationsValidationException(JsonElement problem)
        : base(HttpStatusCode.BadRequest, problem)
    {
        Errors = ErrorsOf(problem);
    }

    /// <summary>The problem's <c>errors</c>: each field (as the api names it, for example <c>to</c> or <c>messages[2]</c>) with its messages.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    private static Dictionary<string, string[]> ErrorsOf(JsonElement problem)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (problem.ValueKind != JsonValueKind.Object || !problem.TryGetProperty("errors", out var members) || members.ValueKind != JsonValueKind.Object)
        {
            return errors;
        }

        foreach (var field in members.EnumerateObject())
        {
            errors[field.Name] = field.Value.ValueKind switch
            {
                JsonValueKind.Array => [.. field.Value.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString()! : m.GetRawText())],
                JsonValueKind.String => [field.Value.GetString()!],
                _ => [field.Value.GetRawText()],
            };
        }

        return errors;
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifications.Client.Http;

/// <summary>The api's JSON: camelCase names, nulls left out of request bodies.</summary>
internal static class NotificationsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

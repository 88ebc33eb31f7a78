using System.Text.Json.Serialization;

namespace Notifications.Simulator.SendGrid;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SendGridErrors))]
internal sealed partial class SendGridJsonContext : JsonSerializerContext;

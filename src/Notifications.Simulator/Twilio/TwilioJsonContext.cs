using System.Text.Json.Serialization;

namespace Notifications.Simulator.Twilio;

/// <summary>Twilio's wire format: snake_case names, nulls written.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TwilioError))]
[JsonSerializable(typeof(TwilioMessageResource))]
[JsonSerializable(typeof(TwilioListResponse))]
[JsonSerializable(typeof(TwilioMessageFeedbackResource))]
internal sealed partial class TwilioJsonContext : JsonSerializerContext;

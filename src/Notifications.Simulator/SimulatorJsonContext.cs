using System.Text.Json.Serialization;
using Notifications.Simulator.Inspection;
using Notifications.Simulator.Twilio;

namespace Notifications.Simulator;

/// <summary>The simulator's own endpoints: camelCase JSON.</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<SentMessageView>))]
[JsonSerializable(typeof(List<SentEmailView>))]
[JsonSerializable(typeof(SimulatorStats))]
[JsonSerializable(typeof(TwilioBehaviourSettings))]
[JsonSerializable(typeof(PublicKeyView))]
[JsonSerializable(typeof(List<InboundRecord>))]
[JsonSerializable(typeof(List<RejectedCreate>))]
[JsonSerializable(typeof(SimulatorOverview))]
internal sealed partial class SimulatorJsonContext : JsonSerializerContext;

namespace Notifications.Simulator.Inspection;

public sealed record PublicKeyView(string PublicKey);

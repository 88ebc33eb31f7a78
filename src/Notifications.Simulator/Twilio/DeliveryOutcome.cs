namespace Notifications.Simulator.Twilio;

/// <summary>The final status a message reaches, with Twilio's error code when it fails.</summary>
public sealed record DeliveryOutcome(string FinalStatus, int? ErrorCode)
{
    public static readonly DeliveryOutcome Delivered = new("delivered", null);

    /// <summary>Reaches <c>sent</c> and never gets a delivery receipt.</summary>
    public static readonly DeliveryOutcome SentWithoutReceipt = new("sent", null);
}

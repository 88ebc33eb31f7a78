namespace Notifications.Client.Reports;

/// <summary>How the channel-reliability report groups messages.</summary>
public enum ReliabilityGrouping
{
    /// <summary>By UTC day (<c>day</c>), the default.</summary>
    Day,

    /// <summary>By the recipient's country (<c>country</c>).</summary>
    Country,

    /// <summary>By sender (<c>sender</c>).</summary>
    Sender,

    /// <summary>By Twilio error code (<c>errorCode</c>).</summary>
    ErrorCode,
}

using System.ComponentModel.DataAnnotations;
using Notifications.ServiceDefaults;

namespace Notifications.Simulator;

/// <summary>The Twilio side, section <c>Simulator:Twilio</c>.</summary>
public sealed class TwilioSimulatorOptions
{
    /// <summary>The account SID clients authenticate with. The default value is a fixed development SID.</summary>
    [RegularExpression("^AC[0-9a-fA-F]{32}$", ErrorMessage = "Simulator:Twilio:AccountSid must be AC followed by 32 hex digits.")]
    public string AccountSid { get; set; } = "AC00000000000000000000000000000000";

    /// <summary>The auth token: Basic-auth password and the key that signs callbacks. The default value is <c>simulator-auth-token</c>.</summary>
    [Required(ErrorMessage = "Simulator:Twilio:AuthToken is required.")]
    public string AuthToken { get; set; } = "simulator-auth-token";

    /// <summary>Where the handset stand-in posts inbound messages (the service's inbound webhook). The default value is none.</summary>
    public Uri? InboundWebhookUrl { get; set; }

    /// <summary>Delay from create to the <c>sent</c> callback. The default value is 200 ms.</summary>
    [TimeSpanRange("Simulator:Twilio:SentDelay", "00:00:00", "01:00:00")]
    public TimeSpan SentDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Delay from <c>sent</c> to the final callback. The default value is 800 ms.</summary>
    [TimeSpanRange("Simulator:Twilio:FinalDelay", "00:00:00", "01:00:00")]
    public TimeSpan FinalDelay { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>
    /// How much each of those two delays varies, as a share of it (0–1): 0.5 draws each delay uniformly
    /// between half and one and a half times its value, as carriers' receipts arrive spread out. The
    /// default value is 0 (every delay exact).
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "Simulator:Twilio:DelayJitter must be between 0 and 1.")]
    public double DelayJitter { get; set; }

    /// <summary>Share of callbacks posted twice (0–1). The default value is 0.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Simulator:Twilio:DuplicateCallbackRate must be between 0 and 1.")]
    public double DuplicateCallbackRate { get; set; }

    /// <summary>Share of messages whose final callback is posted before <c>sent</c> (0–1). The default value is 0.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Simulator:Twilio:OutOfOrderRate must be between 0 and 1.")]
    public double OutOfOrderRate { get; set; }

    /// <summary>Creates per second above which the simulator answers 429 (code 20429); 0 means no limit. The default value is 0.</summary>
    [Range(0, int.MaxValue, ErrorMessage = "Simulator:Twilio:MaxCreatesPerSecond must not be negative.")]
    public int MaxCreatesPerSecond { get; set; }

    /// <summary>Share of creates answered with 503 (code 20503) (0–1). The default value is 0.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Simulator:Twilio:ServerErrorRate must be between 0 and 1.")]
    public double ServerErrorRate { get; set; }

    /// <summary>Share of creates answered with 429 (code 20429), whatever the rate (0–1). The default value is 0.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Simulator:Twilio:TooManyRequestsRate must be between 0 and 1.")]
    public double TooManyRequestsRate { get; set; }

    /// <summary>
    /// Share of creates whose answer is lost (0–1): the message is created and sent, then the connection is
    /// dropped before the client reads its SID, as an ambiguous create. The default value is 0.
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "Simulator:Twilio:DroppedAnswerRate must be between 0 and 1.")]
    public double DroppedAnswerRate { get; set; }

    /// <summary>
    /// How long a create waits, once the message is created (it is listed, and its callbacks are on their way), before
    /// it answers: a slow answer, which a client that gives up or dies meanwhile never reads. The default value is zero.
    /// </summary>
    [TimeSpanRange("Simulator:Twilio:AnswerDelay", "00:00:00", "01:00:00")]
    public TimeSpan AnswerDelay { get; set; }

    /// <summary>Latency added to every API call. The default value is zero.</summary>
    [TimeSpanRange("Simulator:Twilio:AddedLatency", "00:00:00", "01:00:00")]
    public TimeSpan AddedLatency { get; set; }

    /// <summary>
    /// How long a new message takes to show in the message list (<c>GET Messages.json</c>), as Twilio's list
    /// lags its creates; fetching it by SID works at once. The default value is zero.
    /// </summary>
    [TimeSpanRange("Simulator:Twilio:ListDelay", "00:00:00", "01:00:00")]
    public TimeSpan ListDelay { get; set; }

    /// <summary>Concurrent callback posts. The default value is 64.</summary>
    [Range(1, 1024, ErrorMessage = "Simulator:Twilio:CallbackConcurrency must be between 1 and 1024.")]
    public int CallbackConcurrency { get; set; } = 64;
}

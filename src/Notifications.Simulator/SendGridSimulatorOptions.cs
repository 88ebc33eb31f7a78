using System.ComponentModel.DataAnnotations;
using Notifications.ServiceDefaults;

namespace Notifications.Simulator;

/// <summary>The SendGrid side, section <c>Simulator:SendGrid</c>.</summary>
public sealed class SendGridSimulatorOptions
{
    /// <summary>The API key clients send as a Bearer token. The default value is <c>SG.simulator</c>.</summary>
    [Required(ErrorMessage = "Simulator:SendGrid:ApiKey is required.")]
    public string ApiKey { get; set; } = "SG.simulator";

    /// <summary>Where event webhooks are posted. The default value is none: without it no events are posted.</summary>
    public Uri? EventWebhookUrl { get; set; }

    /// <summary>
    /// The ECDSA P-256 private key (base64 PKCS#8) that signs event posts. The default value is none: a key is
    /// generated at start; its public half is served at <c>/simulator/sendgrid/public-key</c>.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Delay from send to the first event. The default value is 200 ms.</summary>
    [TimeSpanRange("Simulator:SendGrid:EventDelay", "00:00:00", "01:00:00")]
    public TimeSpan EventDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Latency added to every mail send before it is answered. The default value is zero.</summary>
    [TimeSpanRange("Simulator:SendGrid:AddedLatency", "00:00:00", "01:00:00")]
    public TimeSpan AddedLatency { get; set; }

    /// <summary>Share of events posted twice (0–1). The default value is 0.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Simulator:SendGrid:DuplicateEventRate must be between 0 and 1.")]
    public double DuplicateEventRate { get; set; }
}

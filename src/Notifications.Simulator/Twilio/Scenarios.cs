using System.Text.RegularExpressions;

namespace Notifications.Simulator.Twilio;

/// <summary>What happens to a message, chosen by its destination number (see the README's table).</summary>
public static partial class Scenarios
{
    private static readonly HashSet<int> FailedCodes = [30001, 30002, 30018, 30024, 30032, 30033, 30034, 30035, 30450, 30500];

    /// <summary>Twilio's magic test numbers: the create call itself fails.</summary>
    public static TwilioError? CreateError(string to) => to switch
    {
        "+15005550001" => TwilioError.Create(400, 21211, $"The 'To' number {to} is not a valid phone number."),
        "+15005550002" => TwilioError.Create(400, 21612, "The 'To' phone number is not currently reachable via SMS."),
        "+15005550003" => TwilioError.Create(400, 21408, $"Permission to send an SMS has not been enabled for the region indicated by the 'To' number: {to}."),
        "+15005550004" => TwilioError.Create(400, 21610, "Attempt to send to unsubscribed recipient"),
        "+15005550009" => TwilioError.Create(400, 21614, $"'To' number {to} is not a valid mobile number"),
        _ => null,
    };

    /// <summary>A fault on the first create for this destination only; later creates succeed.</summary>
    public static FirstAttemptFault FirstAttemptFault(string to) => FictionalSuffix(to) switch
    {
        "4429" => Twilio.FirstAttemptFault.TooManyRequests,
        "4500" => Twilio.FirstAttemptFault.ServerError,
        "4999" => Twilio.FirstAttemptFault.DropAfterAccept,
        _ => Twilio.FirstAttemptFault.None,
    };

    /// <summary>The asynchronous outcome reported through status callbacks.</summary>
    public static DeliveryOutcome Outcome(string to)
    {
        var suffix = FictionalSuffix(to);
        if (suffix is null)
        {
            return DeliveryOutcome.Delivered;
        }

        return suffix[0] switch
        {
            '3' => FromErrorCode(30000 + int.Parse(suffix.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture)),
            '2' => DeliveryOutcome.SentWithoutReceipt,
            _ => DeliveryOutcome.Delivered,
        };
    }

    private static DeliveryOutcome FromErrorCode(int code) =>
        new(FailedCodes.Contains(code) ? "failed" : "undelivered", code);

    /// <summary>The last four digits of a US number in the fictional 555 exchange (+1 NPA 555 XXXX), else null.</summary>
    private static string? FictionalSuffix(string to)
    {
        var match = FictionalNumber().Match(to);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"^\+1[2-9]\d{2}555(\d{4})$")]
    private static partial Regex FictionalNumber();
}

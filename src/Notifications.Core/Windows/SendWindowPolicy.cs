using Microsoft.Extensions.Options;
using Notifications.Core.Consent;

namespace Notifications.Core.Windows;

/// <summary>
/// Applies <see cref="SendWindowOptions"/> and <see cref="FrequencyCapsOptions"/> to one message: whether it may
/// go now, and if not, until when it waits and why. Pure apart from the options: the caller gives the time, the
/// consent's time zone and the sends already counted.
/// </summary>
public sealed class SendWindowPolicy(IOptions<SendWindowOptions> windows, IOptions<FrequencyCapsOptions> caps)
{
    /// <summary>Whether quiet hours apply to messages of <paramref name="purpose"/>.</summary>
    public bool HasWindow(string purpose) =>
        purpose == ConsentPurpose.Marketing || (purpose == ConsentPurpose.Transactional && windows.Value.ApplyToTransactional);

    /// <summary>
    /// The quiet-hours deferral of a message to <paramref name="to"/>, or <see langword="null"/> when the window holds
    /// now in the consent's time zone (if given) and in every zone of the number.
    /// </summary>
    public Deferral? Window(string to, string purpose, string? consentTimeZone, DateTimeOffset now)
    {
        if (!HasWindow(purpose))
        {
            return null;
        }

        var zones = RecipientZones.Of(to, consentTimeZone);
        if (zones.Count == 0)
        {
            return null;
        }

        var state = UsAreaCodes.StateOf(to);
        var window = windows.Value.WindowFor(state);
        var next = QuietHours.NextAllowed(now, window, zones);
        if (next <= now)
        {
            return null;
        }

        var where = state is null ? string.Empty : $" ({state})";
        return new Deferral(next,
            $"send window {window.Start:HH\\:mm}–{window.End:HH\\:mm}{where} closed in {string.Join(", ", zones.Select(z => z.Id))}: scheduled for {next:O}");
    }

    /// <summary>The frequency cap on <paramref name="purpose"/> for <paramref name="to"/>, if one applies.</summary>
    public FrequencyCapOptions? Cap(string to, string purpose) => caps.Value.For(purpose, UsAreaCodes.StateOf(to));

    /// <summary>The cap deferral given the sends already <paramref name="counted"/>, or <see langword="null"/> when one more may go now.</summary>
    public static Deferral? CapDeferral(FrequencyCapOptions cap, IReadOnlyList<DateTimeOffset> counted, DateTimeOffset now)
    {
        var next = FrequencyCap.NextFree(counted, cap.Count, cap.Period, now);
        return next <= now ? null : new Deferral(next, $"frequency cap {cap.Count} per {cap.Period} reached: scheduled for {next:O}");
    }
}

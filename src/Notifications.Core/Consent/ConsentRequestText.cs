using Notifications.Core.Programs;

namespace Notifications.Core.Consent;

/// <summary>The double opt-in prompt a consent request sends.</summary>
public static class ConsentRequestText
{
    /// <summary>
    /// The program's <see cref="ProgramOptions.ConfirmationMessage"/>, or when unset a CTIA-complete prompt built from
    /// the brand: who is texting, what the person subscribes to, how often, the rates disclosure, and how to confirm
    /// or cancel.
    /// </summary>
    public static string For(ProgramOptions program, string purpose)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (!string.IsNullOrWhiteSpace(program.ConfirmationMessage))
        {
            return program.ConfirmationMessage;
        }

        var what = purpose == ConsentPurpose.Marketing ? "marketing text messages (offers and news)" : "account text messages";
        return $"{program.BrandName}: Confirm you want to receive {program.BrandName} {what}. {program.MessageFrequency}. "
            + "Msg & data rates may apply. Reply YES to confirm, STOP to cancel.";
    }
}

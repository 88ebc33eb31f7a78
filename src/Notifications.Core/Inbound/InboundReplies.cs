using Notifications.Core.Programs;

namespace Notifications.Core.Inbound;

/// <summary>The answers to inbound messages, with the disclosures CTIA asks for.</summary>
public static class InboundReplies
{
    /// <summary>The one opt-out confirmation: no marketing, says how to opt back in.</summary>
    public static string OptOutText(ProgramOptions program) =>
        $"{program.BrandName}: You are unsubscribed and will receive no more messages. Reply START to resubscribe.";

    /// <summary>Opt-in confirmation: brand, frequency, rates, HELP and STOP.</summary>
    public static string OptInText(ProgramOptions program) =>
        $"{program.BrandName}: You are subscribed to {program.BrandName} messages. {program.MessageFrequency}. Msg & data rates may apply. Reply HELP for help, STOP to cancel.";

    /// <summary>HELP reply: brand, support contact, how to stop, rates.</summary>
    public static string HelpText(ProgramOptions program) =>
        $"{program.BrandName}: Help at {program.SupportContact}. {program.MessageFrequency}. Msg & data rates may apply. Reply STOP to cancel.";

    /// <summary>
    /// The one clarifying reply to a message that may be a revocation but does not clearly say so: how to stop,
    /// in the program's voice, with no marketing content.
    /// </summary>
    public static string ClarifyText(ProgramOptions program) =>
        $"{program.BrandName}: Do you want to stop receiving these messages? Reply STOP to unsubscribe or HELP for help.";

    public static string TextFor(string classification, ProgramOptions program) => classification switch
    {
        InboundClassification.OptOut => OptOutText(program),
        InboundClassification.OptIn => OptInText(program),
        InboundClassification.Help => HelpText(program),
        InboundClassification.Unclear => ClarifyText(program),
        _ => string.Empty,
    };
}

using Notifications.Core.Programs;

namespace Notifications.Core.Inbound;

/// <summary>
/// The answers to inbound messages, with the disclosures CTIA asks for. A message sent to a number several programs share
/// is answered once, naming every brand it concerns ("Acme Clinic and Beta Shop: ..."); with one program the texts are
/// that program's alone.
/// </summary>
public static class InboundReplies
{
    /// <summary>The one opt-out confirmation: no marketing, says how to opt back in.</summary>
    public static string OptOutText(ProgramOptions program) => OptOutText([program]);

    /// <inheritdoc cref="OptOutText(ProgramOptions)"/>
    public static string OptOutText(IReadOnlyList<ProgramOptions> programs) =>
        $"{Brands(programs)}: You are unsubscribed and will receive no more messages. Reply START to resubscribe.";

    /// <summary>Opt-in confirmation: brand, frequency, rates, HELP and STOP.</summary>
    public static string OptInText(ProgramOptions program) => OptInText([program]);

    /// <inheritdoc cref="OptInText(ProgramOptions)"/>
    public static string OptInText(IReadOnlyList<ProgramOptions> programs)
    {
        var brands = Brands(programs);
        var frequency = string.Join("; ", programs.Select(p => p.MessageFrequency).Distinct(StringComparer.Ordinal));
        return $"{brands}: You are subscribed to {brands} messages. {frequency}. Msg & data rates may apply. Reply HELP for help, STOP to cancel.";
    }

    /// <summary>HELP reply: brand, support contact, how to stop, rates.</summary>
    public static string HelpText(ProgramOptions program) => HelpText([program]);

    /// <inheritdoc cref="HelpText(ProgramOptions)"/>
    public static string HelpText(IReadOnlyList<ProgramOptions> programs) =>
        string.Join(" ", programs.Select(p => $"{p.BrandName}: Help at {p.SupportContact}. {p.MessageFrequency}."))
        + " Msg & data rates may apply. Reply STOP to cancel.";

    /// <summary>
    /// The one clarifying reply to a message that may be a revocation but does not clearly say so: how to stop,
    /// in the program's voice, with no marketing content.
    /// </summary>
    public static string ClarifyText(ProgramOptions program) => ClarifyText([program]);

    /// <inheritdoc cref="ClarifyText(ProgramOptions)"/>
    public static string ClarifyText(IReadOnlyList<ProgramOptions> programs) =>
        $"{Brands(programs)}: Do you want to stop receiving these messages? Reply STOP to unsubscribe or HELP for help.";

    /// <summary>
    /// The answer to START, UNSTOP or YES from a number that had opted out of none of the programs by keyword or wording (and
    /// confirmed no pending request): no consent is recorded, so nothing claims a subscription.
    /// </summary>
    public static string NothingToResumeText(IReadOnlyList<ProgramOptions> programs) =>
        $"{Brands(programs)}: There is no unsubscribed program to resume for this number. Reply HELP for help, STOP to cancel.";

    /// <summary>
    /// The answer to START, UNSTOP or YES received while the database is unreachable: what it changes is only known when it is
    /// recorded, so nothing claims a subscription yet.
    /// </summary>
    public static string OptInReceivedText(IReadOnlyList<ProgramOptions> programs) =>
        $"{Brands(programs)}: We received your message and will update your subscription. Reply HELP for help, STOP to cancel.";

    public static string TextFor(string classification, ProgramOptions program) => TextFor(classification, [program]);

    /// <summary>The reply to a message of <paramref name="classification"/> whose outcome does not depend on stored state.</summary>
    public static string TextFor(string classification, IReadOnlyList<ProgramOptions> programs) => classification switch
    {
        InboundClassification.OptOut => OptOutText(programs),
        InboundClassification.OptIn => OptInText(programs),
        InboundClassification.Help => HelpText(programs),
        InboundClassification.Unclear => ClarifyText(programs),
        _ => string.Empty,
    };

    /// <summary>"A", "A and B", "A, B and C": the distinct brand names in order.</summary>
    public static string Brands(IReadOnlyList<ProgramOptions> programs)
    {
        ArgumentNullException.ThrowIfNull(programs);
        var names = programs.Select(p => p.BrandName).Distinct(StringComparer.Ordinal).ToList();
        return names.Count <= 1
            ? string.Concat(names)
            : $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}";
    }
}

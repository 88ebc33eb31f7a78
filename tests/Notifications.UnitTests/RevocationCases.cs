using System.Text;
using Notifications.Core.Inbound;

namespace Notifications.UnitTests;

/// <summary>
/// The decided inbound messages: text and what the service does with it. It drives
/// <see cref="KeywordClassifierTests"/> and is rendered into docs/compliance/tcpa-controls.md
/// (<see cref="Markdown"/>; a test checks that the page shows exactly this table).
/// </summary>
public static class RevocationCases
{
    public const string OptOut = "opt_out";
    public const string OptIn = "opt_in";
    public const string Help = "help";
    public const string Unclear = "unclear";
    public const string None = "none";

    private const string LongStoryEndingWithStop =
        "Hi, I have been getting these messages for weeks now and I never asked for any of them in the first place. STOP";

    private const string LongStopFirst =
        "STOP. I have told you several times already that I do not want to hear from your company again.";

    private const string LongWordingDeepInside =
        "I appreciate the reminders and the nurses were lovely but my schedule changed so please stop texting me about appointments, thanks for everything.";

    private const string LongKeywordAloneDeepInside =
        "I was driving home and the officer yelled. Stop. Then he told me my tail light was out, so can you move my appointment to Friday?";

    private const string LongShoutedKeywordDeepInside =
        "The pharmacy called twice today. Who keeps giving out my number STOP. Anyway my prescription is ready and I will pick it up tomorrow morning before work.";

    private const string LongNearMiss =
        "We stopped at the store on the way and then waited at the bus stop, so see you at the appointment tomorrow, it will not end late I hope.";

    /// <summary>Every case: the text received (null: no Body parameter) and the decision.</summary>
    public static readonly IReadOnlyList<(string? Text, string Decision)> All =
    [
        // Twilio's opt-out keywords alone: any case, whitespace, punctuation, emoji around them.
        ("STOP", OptOut),
        ("stop", OptOut),
        ("Stop", OptOut),
        ("sToP", OptOut),
        ("  stop  ", OptOut),
        ("\tSTOP\n", OptOut),
        ("STOP.", OptOut),
        ("Stop.", OptOut),
        ("Stop!!!", OptOut),
        ("STOP!!!", OptOut),
        ("Stop?", OptOut),
        ("\"stop\"", OptOut),
        ("Stop 🛑", OptOut),
        ("🛑🛑 STOP 🛑🛑", OptOut),
        ("stop 😡", OptOut),
        ("STOPALL", OptOut),
        ("UNSUBSCRIBE", OptOut),
        ("Unsubscribe.", OptOut),
        ("cancel", OptOut),
        ("Cancel.", OptOut),
        ("End", OptOut),
        ("end.", OptOut),
        ("QUIT", OptOut),
        ("revoke", OptOut),
        ("OptOut", OptOut),
        ("opt-out", OptOut),
        ("Opt out", OptOut),
        ("STOP ALL", OptOut),
        ("stop please", OptOut),
        ("Please STOP", OptOut),
        ("stop, please", OptOut),
        ("stop stop stop", OptOut),
        ("ok stop", OptOut),
        ("Stop it", OptOut),
        ("Stop already", OptOut),
        ("Stop now!", OptOut),
        ("Unsubscribe me", OptOut),

        // A keyword in any sentence of a short message, or in capitals at either end of a sentence.
        ("Who is this? STOP", OptOut),
        ("who is this?stop", OptOut),
        ("Who is this STOP", OptOut),
        ("STOP who is this", OptOut),
        ("Wrong number. STOP", OptOut),
        ("Ok. Stop.", OptOut),
        ("Thanks, but stop.", OptOut),
        ("Yes. STOP", OptOut),
        ("I said STOP", OptOut),
        ("i said stop", OptOut),
        ("STOP\n\nSent from my iPhone", OptOut),
        ("Stop!!! I never signed up for this", OptOut),
        ("no thanks. cancel", OptOut),
        (LongStoryEndingWithStop, OptOut),
        (LongStopFirst, OptOut),

        // Plain English.
        ("please stop texting me", OptOut),
        ("Stop texting me!", OptOut),
        ("STOP TEXTING ME", OptOut),
        ("pls stop txting me", OptOut),
        ("stop sending me these messages", OptOut),
        ("Stop messaging me 🙄", OptOut),
        ("please stop all these messages", OptOut),
        ("stop the texts", OptOut),
        ("Stop bothering me", OptOut),
        ("I want to stop", OptOut),
        ("I want to stop receiving these texts", OptOut),
        ("i wanna stop", OptOut),
        ("I want to opt out", OptOut),
        ("I'd like to opt out of these texts.", OptOut),
        ("opt me out", OptOut),
        ("Opt me out please", OptOut),
        ("how do I unsubscribe?", OptOut),
        ("unsubscribe me from this", OptOut),
        ("unsub", OptOut),
        ("remove me", OptOut),
        ("Remove me from your list", OptOut),
        ("REMOVE ME", OptOut),
        ("take me off", OptOut),
        ("take me off this list please", OptOut),
        ("Please take my number off your list", OptOut),
        ("delete my number", OptOut),
        ("lose my number", OptOut),
        ("Don't text me again", OptOut),
        ("Don’t text me", OptOut),
        ("dont text me", OptOut),
        ("do not contact me", OptOut),
        ("I don't want these texts", OptOut),
        ("I do not want you to text me anymore", OptOut),
        ("no more texts", OptOut),
        ("No more messages please", OptOut),
        ("no more", OptOut),
        ("I revoke my consent", OptOut),
        ("cancel my subscription", OptOut),
        ("Cancel these alerts", OptOut),
        ("leave me alone", OptOut),
        ("LEAVE ME ALONE!!", OptOut),
        ("quit texting me", OptOut),
        ("i told you to stop", OptOut),
        ("PLEASE STOP SENDING ME MESSAGES", OptOut),
        ("  please   stop\ttexting   me  ", OptOut),
        (LongWordingDeepInside, OptOut),

        // Plain Spanish, with and without accents.
        ("no más", OptOut),
        ("no mas", OptOut),
        ("NO MÁS", OptOut),
        ("no mas por favor", OptOut),
        ("No mas mensajes", OptOut),
        ("no más mensajes", OptOut),
        ("Basta", OptOut),
        ("¡Basta!", OptOut),
        ("basta ya", OptOut),
        ("Baja", OptOut),
        ("ALTO", OptOut),
        ("Cancelar", OptOut),
        ("Pare", OptOut),
        ("Para.", OptOut),
        ("por favor no me envies mensajes", OptOut),
        ("no me envíen más", OptOut),
        ("No me envien mas", OptOut),
        ("no me manden mensajes", OptOut),
        ("dejen de escribirme", OptOut),
        ("Dejen de enviarme mensajes", OptOut),
        ("para de escribirme", OptOut),
        ("bórrenme de la lista", OptOut),
        ("borrenme de la lista", OptOut),
        ("sáquenme de su lista", OptOut),
        ("eliminen mi número", OptOut),
        ("quiero darme de baja", OptOut),
        ("Quiero darme de baja por favor", OptOut),
        ("denme de baja", OptOut),
        ("ya no quiero recibir mensajes", OptOut),
        ("No quiero más mensajes", OptOut),
        ("déjenme en paz", OptOut),
        ("Desuscribirme", OptOut),
        ("cancelar mi suscripción", OptOut),

        // Opt back in and help: the whole message is the keyword.
        ("START", OptIn),
        ("start", OptIn),
        ("  START  ", OptIn),
        ("Yes", OptIn),
        ("YES!", OptIn),
        ("yes please", OptIn),
        ("Yes 👍", OptIn),
        ("unstop", OptIn),
        ("Unstop.", OptIn),
        ("Start please", OptIn),
        ("HELP", Help),
        ("help?", Help),
        ("HELP!", Help),
        ("help please", Help),
        ("Info", Help),
        ("Info?", Help),

        // May be a revocation: one clarifying reply, nothing revoked.
        ("remove", Unclear),
        ("Remove.", Unclear),
        ("no", Unclear),
        ("No.", Unclear),
        ("NO!", Unclear),
        ("nope", Unclear),
        ("enough", Unclear),
        ("Enough!", Unclear),
        ("enough already", Unclear),
        ("delete", Unclear),
        ("wrong number", Unclear),
        ("Wrong number!", Unclear),
        ("You have the wrong number", Unclear),
        ("who is this", Unclear),
        ("Who is this?", Unclear),
        ("who dis", Unclear),
        ("whos this?", Unclear),
        ("Who is this? Wrong number", Unclear),
        ("what is this", Unclear),
        ("How did you get my number?", Unclear),
        ("I never signed up for this", Unclear),
        ("not interested", Unclear),
        ("no thanks", Unclear),
        ("¿Quién es?", Unclear),
        ("quien es", Unclear),
        ("número equivocado", Unclear),
        ("Numero equivocado", Unclear),
        ("no gracias", Unclear),
        ("no me interesa", Unclear),
        (LongKeywordAloneDeepInside, Unclear),
        (LongShoutedKeywordDeepInside, Unclear),

        // Near misses: not revocations.
        ("don't stop", None),
        ("Dont stop texting me, I love these", None),
        ("Never stop texting me!", None),
        ("Please don't unsubscribe me", None),
        ("I don't want to opt out", None),
        ("don't remove me", None),
        ("STOPPED by later", None),
        ("STOPPED at the light", None),
        ("STOPPING by at noon", None),
        ("I'll stop by the store", None),
        ("stop by tomorrow", None),
        ("Stop by tomorrow?", None),
        ("Yes I can stop by at 3", None),
        ("bus stop", None),
        ("bus stop at 5?", None),
        ("Will the bus STOP at Main?", None),
        ("BUS STOP AT 5", None),
        ("Full stop.", None),
        ("Stop sign is broken at the entrance", None),
        ("Where do I stop to pick up?", None),
        ("I can't stop laughing", None),
        ("can't stop laughing 😂", None),
        ("non-stop", None),
        ("Is the flight NON-STOP?", None),
        ("the store", None),
        ("stopwatch", None),
        ("unstoppable", None),
        ("cancel my appointment", None),
        ("Can you cancel my order?", None),
        ("The end", None),
        ("what time does it end?", None),
        ("See you at the end of the week", None),
        ("The meeting will end at 5", None),
        ("I quit my job", None),
        ("yes I'll be there", None),
        ("Can you help me with my bill", None),
        ("start time?", None),
        ("para mañana", None),
        ("Para mañana a las 5", None),
        ("no te pares", None),
        ("Estoy en la parada", None),
        ("No puedo parar de reír", None),
        ("Hello", None),
        ("Thanks!", None),
        ("Thank you!", None),
        ("ok", None),
        ("👍", None),
        ("Confirmed", None),
        (LongNearMiss, None),
        ("", None),
        ("   ", None),
        (null, None),
    ];

    public static TheoryData<string?, string> Theory()
    {
        var data = new TheoryData<string?, string>();
        foreach (var (text, decision) in All)
        {
            data.Add(text, decision);
        }

        return data;
    }

    /// <summary>The decision a classification stands for in this table.</summary>
    public static string DecisionOf(string classification) => classification switch
    {
        InboundClassification.OptOut => OptOut,
        InboundClassification.OptIn => OptIn,
        InboundClassification.Help => Help,
        InboundClassification.Unclear => Unclear,
        InboundClassification.Other => None,
        _ => throw new ArgumentOutOfRangeException(nameof(classification), classification, "Unknown classification."),
    };

    /// <summary>The table as docs/compliance/tcpa-controls.md shows it.</summary>
    public static string Markdown()
    {
        var builder = new StringBuilder();
        builder.Append("| # | text received | decision |\n| --- | --- | --- |\n");
        var row = 0;
        foreach (var (text, decision) in All)
        {
            builder.Append("| ").Append(++row).Append(" | ").Append(Cell(text)).Append(" | `").Append(decision).Append("` |\n");
        }

        return builder.ToString();
    }

    private static string Cell(string? text) => text switch
    {
        null => "(no body)",
        "" => "(empty)",
        _ => "`" + Visible(text).Replace("|", "\\|", StringComparison.Ordinal) + "`",
    };

    /// <summary>Line breaks and tabs as <c>\n</c> and <c>\t</c>; spaces as <c>·</c> when they are extra (around the text or doubled).</summary>
    private static string Visible(string text)
    {
        var visible = text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
        return text != text.Trim() || text.Contains("  ", StringComparison.Ordinal)
            ? visible.Replace(" ", "·", StringComparison.Ordinal)
            : visible;
    }
}

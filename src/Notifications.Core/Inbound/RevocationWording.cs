using System.Text.RegularExpressions;

namespace Notifications.Core.Inbound;

/// <summary>
/// Plain-language wording, English and Spanish, matched on one normalised sentence (see <see cref="InboundText"/>):
/// what a reasonable person reads as a revocation, and what may be one but needs asking.
/// Whole words only: "stop by", "stopped", "non stop" and "bus stop" never match.
/// </summary>
internal static partial class RevocationWording
{
    /// <summary>True when <paramref name="sentence"/> revokes consent, and no negation ("dont", "never") governs the wording.</summary>
    public static bool Revokes(string sentence)
    {
        foreach (Match match in Revocation().Matches(sentence))
        {
            if (!Negation().IsMatch(sentence[..match.Index]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="sentence"/> may be a revocation but does not say so clearly.</summary>
    public static bool IsUnclear(string sentence) => Unclear().IsMatch(sentence);

    [GeneratedRegex("""
        \b(?:
          # English: stop / quit doing it
            stop\s(?:texting|txting|texing|messaging|sending|contacting|calling|spamming|bothering|bugging|harassing|receiving|getting)
          | stop\s(?:(?:all|these|this|those|the|your|ur|all\sthese|all\sthe|all\syour|all\sof\sthese|all\sof\sthe)\s)?(?:texts?|txts?|messages?|msgs?|sms|alerts|notifications|spam)\b
          | stop\s(?:this|these|it|them|all\sof\sthis)(?:\s(?:please|pls|plz|now|already|right\snow))?$
          | (?:quit|cease)\s(?:texting|messaging|sending|contacting|calling)
          | (?:i\s)?said\sstop$
          | told\s(?:you|u)\s(?:to\s)?stop
          | (?:i\swant\sto|i\swanna|wanna|want\sto|id\slike\sto|i\swould\slike\sto|let\sme|how\s(?:do|can)\si)\s(?:stop|quit|unsubscribe|unsub|opt\sout|end\sthis|cancel(?:\sthis|\sthese|\sthe\stexts|\sthe\smessages)?)(?:\s(?:please|pls|now|texts?|messages|receiving\s\w+|getting\s\w+|these|this|them|all|it))*$
          # English: take me out of it
          | opt(?:ing)?\s?out
          | opt\s(?:me|my\snumber)\sout
          | unsubscribe | unsub
          | revoke\s(?:my\s|all\s)?(?:consent|permission|authori[sz]ation)
          | (?:remove|delete|erase)\s(?:me|my\s(?:number|phone|cell|info|information|contact|details)|this\snumber)
          | (?:take|get)\s(?:me|my\snumber|this\snumber)\s(?:off|out)
          | lose\s(?:my|this)\snumber
          | (?:dont|do\snot|never|pls\sdont|please\sdont)\s(?:ever\s)?(?:text|txt|message|msg|contact|sms|call|email|bother)\s(?:me|this\snumber|my\snumber|us)
          | (?:dont|do\snot|never)\s(?:ever\s)?send\s(?:me|this\snumber)
          | (?:i\s)?(?:dont|do\snot)\swant\s(?:any\s)?(?:more\s)?(?:of\s)?(?:these\s|your\s|this\s|the\s)?(?:texts?|messages?|msgs|sms|alerts|notifications)
          | (?:i\s)?(?:dont|do\snot)\swant\s(?:you|u)\sto\s(?:text|message|contact|send)
          | no\smore\s(?:texts?|txts?|messages?|msgs|sms|alerts|notifications|spam)
          | no\smore(?:\s(?:please|pls|thanks|thank\syou))?$
          | leave\sme\salone
          | cancel\s(?:my\s|the\s|these\s|all\s|all\sthe\s|this\s)?(?:subscription|texts?|messages?|alerts|notifications|sms|text\salerts|text\smessages)
          # Spanish (accents removed)
          | no\smas\s(?:mensajes|textos|sms|msjs?|notificaciones|alertas)
          | ^no\smas(?:\s(?:por\sfavor|porfa|gracias))?$
          | no\sme\s(?:envies|envien|envie|mandes|manden|mande|escribas|escriban|escriba|contacten|contactes|contacte|molestes|molesten|moleste|llamen|textees|texteen)
          | (?:dej|par)(?:a|e|en|ar|en)\sde\s(?:escribirme|enviarme|mandarme|molestarme|contactarme|textearme|llamarme|enviar|mandar|escribir)
          | (?:borr|elimin|quit|sac)(?:a|e|en)me
          | saqu(?:e|en)me
          | (?:borr|elimin|quit|sac)(?:ar|en|e|a)\smi\s(?:numero|telefono)
          | (?:darme|dame|denme|deme|dar|darse|darnos)\sde\sbaja
          | desuscrib\w*
          | cancelar\s(?:mi\s|la\s|los\s)?(?:suscripcion|mensajes|textos|alertas)
          | ya\sno\squiero\s(?:recibir|mensajes|textos|sms|mas|nada)
          | no\squiero\s(?:recibir\s)?(?:mas\s)?(?:mensajes|textos|sms|alertas|notificaciones)
          | dej(?:a|e|en)(?:me|nme)\sen\spaz
          | basta\sde\s(?:mensajes|textos)
        )\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Revocation();

    /// <summary>
    /// A negation right before the wording, with at most three softening words between ("dont stop", "I dont want
    /// to unsubscribe", "please never opt me out"): the wording is then not a revocation.
    /// </summary>
    [GeneratedRegex(@"\b(?:dont|do\snot|never|wont|will\snot|cant|can\snot|cannot|not|didnt|did\snot|shouldnt|wouldnt|no\sneed\sto|nunca|no\s(?:me|te|lo|la|nos|quiero))\s(?:(?:want|wanna|need|you|u|to|ever|please|pls|gonna|going|i|me|really|just|quiero|que)\s){0,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex Negation();

    [GeneratedRegex("""
        ^(?:
            (?:please\s|pls\s)?(?:remove|delete|erase|enough|enough\salready|no|nope|nah|no\sthanks|no\sthank\syou|not\sinterested|unsubscribed|stopped)
          | (?:this\sis\s(?:the\s|a\s)?|you\shave\s(?:the\s|a\s)?|u\shave\s(?:the\s|a\s)?)?wrong\s(?:number|person|phone)
          | who\s(?:is|s)\sthis(?:\sfrom)?
          | whos\sthis | who\sdis | who\sare\s(?:you|u) | who\sis\stexting\sme
          | what\s(?:is|s)\sthis | whats\sthis
          | why\sare\s(?:you|u)\s(?:texting|messaging)\sme
          | how\sdid\s(?:you|u)\sget\s(?:my|this)\s(?:number|phone|cell)
          | i\s(?:never|didnt|did\snot)\s(?:sign|signed)\sup(?:\sfor\s(?:this|these|that))?
          | (?:numero\sequivocado|equivocado|se\sequivoco\sde\snumero|quien\s(?:es|eres|habla|sos)|no\sgracias|no\sme\sinteresa|suficiente|ya)
        )$
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Unclear();
}

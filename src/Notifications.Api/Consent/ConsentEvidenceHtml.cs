using System.Globalization;
using System.Text;
using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Notifications.Core.Consent;
using Notifications.Core.Programs;

namespace Notifications.Api.Consent;

/// <summary>
/// The evidence export as one self-contained HTML page a person can read (an attorney, a court): the program and
/// brand, every event in recorded order with all of its evidence, its hash and the previous event's hash, the
/// inbound messages, and the chain's verification in words. Served by <c>GET /api/consents/{phone}/export</c> when
/// the request's <c>Accept</c> header prefers <c>text/html</c> to JSON. Every value is HTML-encoded: opt-in texts,
/// user agents and inbound bodies come from the public. No script, no external resource.
/// </summary>
internal static class ConsentEvidenceHtml
{
    public const string MediaType = "text/html";

    private const string JsonMediaType = "application/json";

    /// <summary>
    /// True when the request's <c>Accept</c> header ranks <c>text/html</c> above JSON (by quality, then order);
    /// JSON stays the answer without an <c>Accept</c> header or with <c>*/*</c>.
    /// </summary>
    public static bool IsPreferred(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        var ranked = accept.Select((value, index) => (value, index))
            .Where(a => a.value.Quality is not 0)
            .OrderByDescending(a => a.value.Quality ?? 1).ThenBy(a => a.index)
            .Select(a => a.value.MediaType.Value);
        foreach (var mediaType in ranked)
        {
            if (string.Equals(mediaType, MediaType, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (string.Equals(mediaType, JsonMediaType, StringComparison.OrdinalIgnoreCase) || mediaType is "*/*" or "application/*")
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>The page for <paramref name="export"/>; <paramref name="firstBroken"/> is the first event whose hash does not hold.</summary>
    public static ContentHttpResult Page(HttpContext http, ConsentEvidenceExport export, long? firstBroken)
    {
        var program = export.Consent.Events.Select(e => e.Program).FirstOrDefault() ?? ConsentEvent.DefaultProgram;
        var programs = http.RequestServices.GetRequiredService<ProgramCatalog>();
        var brand = programs.Programs.TryGetValue(program, out var settings) ? settings.BrandName : program;
        // Nothing in the page may load or run anything, whatever a value held.
        http.Response.Headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'";
        http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        return TypedResults.Content(Render(export, program, brand, firstBroken), MediaType, Encoding.UTF8);
    }

    public static string Render(ConsentEvidenceExport export, string program, string brand, long? firstBroken)
    {
        var html = new StringBuilder();
        var events = export.Consent.Events;
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Consent evidence for {{E(export.Phone)}}</title>
            <style>
            body { font-family: Georgia, serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
            table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
            th, td { border: 1px solid #999; padding: .3rem .5rem; text-align: left; vertical-align: top; }
            th { width: 14rem; background: #f2f2f2; }
            .text { white-space: pre-wrap; font-family: inherit; margin: 0; }
            .hash { font-family: monospace; word-break: break-all; }
            .verified { color: #064; } .broken { color: #a00; }
            @media print { section { break-inside: avoid; } }
            </style>
            </head>
            <body>
            <h1>Consent evidence</h1>
            <table>
            <tr><th>Telephone number</th><td>{{E(export.Phone)}}</td></tr>
            <tr><th>Program</th><td>{{E(program)}}</td></tr>
            <tr><th>Brand</th><td>{{E(brand)}}</td></tr>
            <tr><th>Document produced</th><td>{{Time(export.GeneratedAt)}}, for {{E(export.GeneratedFor)}}</td></tr>
            <tr><th>Events</th><td>{{events.Count}}</td></tr>
            <tr><th>Chain verification</th><td class="{{(firstBroken is null ? "verified" : "broken")}}" id="verification">{{E(Verification(events.Count, firstBroken))}}</td></tr>
            </table>
            <h2>Current state</h2>
            <table>

            """);
        foreach (var (purpose, state) in export.Consent.Purposes)
        {
            var since = state.Since is { } at ? $", since {Time(at)}" : string.Empty;
            var source = state.Source is { } s ? $" ({E(s)})" : string.Empty;
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(purpose)}</th><td>{E(state.Status)}{since}{source}</td></tr>\n");
        }

        var suppression = export.Consent.Suppression is { } sup
            ? $"{(sup.Active ? "Suppressed" : "No longer suppressed")}: {E(sup.Reason)} since {Time(sup.SuppressedAt)}"
                + (sup.LiftedAt is { } lifted ? $", lifted {Time(lifted)}" : string.Empty)
            : "Not suppressed";
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>Suppression</th><td>{suppression}</td></tr>\n</table>\n<h2>Events, in the order recorded</h2>\n");

        var number = 0;
        foreach (var e in events)
        {
            number++;
            html.Append(CultureInfo.InvariantCulture, $"<section id=\"event-{e.Id}\">\n<h3>{number}. {E(KindInWords(e.Kind))}, {E(e.Purpose)}</h3>\n<table>\n");
            Row(html, "Event id", e.Id.ToString(CultureInfo.InvariantCulture));
            Row(html, "Kind", E(e.Kind));
            Row(html, "Purpose", E(e.Purpose));
            Row(html, "Occurred", Time(e.OccurredAt));
            Row(html, "Recorded", Time(e.RecordedAt));
            Row(html, "Source", E(e.Source));
            Row(html, "Source URL", Optional(e.SourceUrl));
            Row(html, "Exact opt-in text shown or sent", Text(e.OptInMessage));
            Row(html, "Exact message received", Text(e.TextReceived));
            Row(html, "Inbound message SID", Optional(e.InboundMessageSid));
            Row(html, "IP address", Optional(e.IpAddress));
            Row(html, "User agent", Optional(e.UserAgent));
            Row(html, "Recorded by", E(e.CapturedBy));
            Row(html, "Note", Optional(e.Note));
            Row(html, "Hash (SHA-256)", $"<span class=\"hash\">{Optional(e.Hash)}</span>");
            Row(html, "Previous event's hash", e.PreviousHash is null ? "none: the first event of the chain" : $"<span class=\"hash\">{E(e.PreviousHash)}</span>");
            if (e.Id == firstBroken)
            {
                Row(html, "Verification", "<strong class=\"broken\">The chain breaks here: this event does not match its recorded hash or does not follow the previous one.</strong>");
            }

            html.Append("</table>\n</section>\n");
        }

        html.Append("<h2>Text messages received from the number</h2>\n");
        if (export.InboundMessages.Count == 0)
        {
            html.Append("<p>None.</p>\n");
        }
        else
        {
            html.Append("<table>\n<tr><th>Received</th><th>Message SID</th><th>To</th><th>Read as</th><th>Text</th></tr>\n");
            foreach (var m in export.InboundMessages)
            {
                var body = m.Body.Length == 0 ? "<em>text removed after the retention period (not consent evidence)</em>" : Text(m.Body);
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{Time(m.ReceivedAt)}</td><td>{E(m.MessageSid)}</td><td>{E(m.To)}</td><td>{E(m.Classification)}</td><td>{body}</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            <h2>About this document</h2>
            <p>{E(export.RetentionPolicy)}</p>
            <p>Each event's hash is SHA-256 over its fields and the previous event's hash, in the layout documented in
            docs/compliance/tcpa-controls.md; the JSON export of the same number can be re-checked offline with
            tools/Notifications.VerifyExport. Times are UTC.</p>
            </body>
            </html>

            """);
        return html.ToString();
    }

    private static string Verification(int count, long? firstBroken) => firstBroken is { } broken
        ? $"NOT verified. The chain breaks at event id {broken.ToString(CultureInfo.InvariantCulture)}: that event's recorded hash does not match its contents, "
            + "or it does not name the hash of the event before it. The events from that one on cannot be shown to be as recorded."
        : $"Verified. Each of the {count.ToString(CultureInfo.InvariantCulture)} events carries a SHA-256 hash over its own contents and the previous event's hash; "
            + "every hash was recomputed when this document was produced and matches, so no event has been changed, removed or reordered since it was recorded.";

    private static string KindInWords(string kind) => kind switch
    {
        ConsentEventKind.OptIn => "Opt-in",
        ConsentEventKind.ReOptIn => "Opt-in again after a revocation",
        ConsentEventKind.Revocation => "Revocation",
        _ => kind,
    };

    private static void Row(StringBuilder html, string label, string encodedValue) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>{label}</th><td>{encodedValue}</td></tr>\n");

    // Encodes the characters that mean something in markup (< > & " '), leaving numbers such as +1415... as they read.
    private static string E(string value) => WebUtility.HtmlEncode(value);

    private static string Optional(string? value) => value is null ? "<em>not given</em>" : E(value);

    private static string Text(string? value) => value is null ? "<em>not given</em>" : $"<pre class=\"text\">{E(value)}</pre>";

    private static string Time(DateTimeOffset at) =>
        E(at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff 'UTC'", CultureInfo.InvariantCulture));
}

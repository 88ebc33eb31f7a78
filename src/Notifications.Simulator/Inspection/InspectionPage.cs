using System.Globalization;
using System.Net;
using System.Text;
using Notifications.Simulator.SendGrid;
using Notifications.Simulator.Twilio;

namespace Notifications.Simulator.Inspection;

/// <summary>A small page listing the latest SMS and emails, refreshed every few seconds.</summary>
internal static class InspectionPage
{
    public static string Render(IEnumerable<SimulatedMessage> messages, IEnumerable<SimulatedEmail> emails, int messageCount, int emailCount)
    {
        var html = new StringBuilder();
        html.Append("""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
            <title>Notifications simulator</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
            h1{font-size:1.4rem} h2{font-size:1.1rem;margin-top:2rem}
            table{border-collapse:collapse;width:100%;font-size:.9rem}
            th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
            th{background:#f4f4f4} .s-delivered{color:#1a7f37} .s-undelivered,.s-failed,.s-bounce,.s-dropped{color:#cf222e}
            code{font-size:.8rem;color:#555}
            </style></head><body>
            <h1>Notifications simulator: Twilio and SendGrid stand-in</h1>
            """);
        html.Append(CultureInfo.InvariantCulture, $"<h2>SMS ({messageCount} in all, latest first)</h2>");
        html.Append("<table><tr><th>Created (UTC)</th><th>To</th><th>From</th><th>Body</th><th>Status</th><th>Callbacks</th></tr>");
        foreach (var m in messages)
        {
            var callbacks = string.Join(", ", m.Callbacks.Select(c => $"{c.Status}{(c.ErrorCode is { } code ? $" ({code})" : string.Empty)} → {c.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "no answer"}"));
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{m.DateCreated:HH:mm:ss}</td><td>{E(m.To)}</td><td>{E(m.From ?? m.MessagingServiceSid)}</td><td>{E(m.Body)}<br><code>{m.Sid}</code></td><td class=\"s-{m.Status}\">{m.Status}{(m.ErrorCode is { } err ? $" ({err})" : string.Empty)}</td><td>{E(callbacks)}</td></tr>");
        }

        html.Append("</table>");
        html.Append(CultureInfo.InvariantCulture, $"<h2>Email ({emailCount} in all, latest first)</h2>");
        html.Append("<table><tr><th>Created (UTC)</th><th>To</th><th>Subject</th><th>Text</th><th>Events</th></tr>");
        foreach (var e in emails)
        {
            var events = string.Join(", ", e.Events.Select(ev => ev.Event));
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{e.CreatedAt:HH:mm:ss}</td><td>{E(string.Join(", ", e.To))}</td><td>{E(e.Subject)}</td><td>{E(e.Text)}<br><code>{e.MessageId}</code></td><td>{E(events)}</td></tr>");
        }

        html.Append("</table></body></html>");
        return html.ToString();
    }

    private static string E(string? value) => WebUtility.HtmlEncode(value ?? string.Empty);
}

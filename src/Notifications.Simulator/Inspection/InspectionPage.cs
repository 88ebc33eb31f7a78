using System.Text;
using System.Text.Json;

namespace Notifications.Simulator.Inspection;

/// <summary>
/// A small page showing the latest SMS, emails, inbound messages (what was posted to the service and the TwiML it
/// answered) and refused creates (with Twilio's error code). The first view comes with the page; the script then
/// fetches <c>/simulator/overview</c> every two seconds and replaces the tables' rows in place, so nothing reloads.
/// Every value is set as text (<c>textContent</c>), never as markup.
/// </summary>
internal static class InspectionPage
{
    public static string Render(SimulatorOverview overview)
    {
        // The default encoder escapes <, > and &: the JSON cannot close the script element it sits in.
        var initial = JsonSerializer.Serialize(overview, SimulatorJsonContext.Default.SimulatorOverview);
        var html = new StringBuilder();
        html.Append("""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Notifications simulator</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
            h1{font-size:1.4rem} h2{font-size:1.1rem;margin-top:2rem}
            table{border-collapse:collapse;width:100%;font-size:.9rem}
            th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
            th{background:#f4f4f4} .s-delivered{color:#1a7f37} .s-undelivered,.s-failed,.s-bounce,.s-dropped,.s-error{color:#cf222e}
            code,pre{font-size:.8rem;color:#555} pre{white-space:pre-wrap;margin:0}
            #updated{color:#777;font-size:.8rem}
            </style></head><body>
            <h1>Notifications simulator: Twilio and SendGrid stand-in</h1>
            <p id="updated"></p>
            <h2 id="sms-title">SMS</h2>
            <table><thead><tr><th>Created (UTC)</th><th>To</th><th>From</th><th>Body</th><th>Status</th><th>Callbacks</th></tr></thead><tbody id="sms"></tbody></table>
            <h2 id="rejected-title">Refused creates</h2>
            <table><thead><tr><th>At (UTC)</th><th>To</th><th>From</th><th>Body</th><th>Error</th></tr></thead><tbody id="rejected"></tbody></table>
            <h2 id="inbound-title">Inbound SMS</h2>
            <table><thead><tr><th>Posted (UTC)</th><th>From</th><th>To</th><th>Body</th><th>Answer</th></tr></thead><tbody id="inbound"></tbody></table>
            <h2 id="email-title">Email</h2>
            <table><thead><tr><th>Created (UTC)</th><th>To</th><th>Subject</th><th>Text</th><th>Events</th></tr></thead><tbody id="email"></tbody></table>
            <script id="initial" type="application/json">
            """);
        html.Append(initial);
        html.Append("""
            </script>
            <script>
            "use strict";
            const time = t => t ? new Date(t).toISOString().substring(11, 19) : "";
            function cell(text, className, code) {
              const td = document.createElement("td");
              if (className) td.className = className;
              td.append(document.createTextNode(text ?? ""));
              if (code) { td.append(document.createElement("br")); const c = document.createElement("code"); c.textContent = code; td.append(c); }
              return td;
            }
            function pre(text) { const td = document.createElement("td"); const p = document.createElement("pre"); p.textContent = text ?? ""; td.append(p); return td; }
            function rows(id, items, make) {
              document.getElementById(id).replaceChildren(...items.map(item => { const tr = document.createElement("tr"); tr.append(...make(item)); return tr; }));
            }
            function title(id, name, count) { document.getElementById(id).textContent = `${name} (${count} in all, latest first)`; }
            function render(o) {
              title("sms-title", "SMS", o.messageCount);
              rows("sms", o.messages, m => [
                cell(time(m.dateCreated)), cell(m.to), cell(m.from ?? m.messagingServiceSid), cell(m.body, null, m.sid),
                cell(m.status + (m.errorCode != null ? ` (${m.errorCode})` : ""), "s-" + m.status),
                cell(m.callbacks.map(c => `${c.status}${c.errorCode != null ? ` (${c.errorCode})` : ""} → ${c.httpStatus ?? "no answer"}`).join(", "))]);
              title("rejected-title", "Refused creates", o.rejectedCount);
              rows("rejected", o.rejected, r => [
                cell(time(r.at)), cell(r.to), cell(r.from ?? r.messagingServiceSid), cell(r.body),
                cell(`${r.errorCode} (HTTP ${r.httpStatus}): ${r.errorMessage}`, "s-error")]);
              title("inbound-title", "Inbound SMS", o.inboundCount);
              rows("inbound", o.inbound, i => [
                cell(time(i.postedAt)), cell(i.from), cell(i.to), cell(i.body, null, i.messageSid),
                i.httpStatus == null ? cell("no answer: " + i.answer, "s-error") : pre(`HTTP ${i.httpStatus}\n${i.answer}`)]);
              title("email-title", "Email", o.emailCount);
              rows("email", o.emails, e => [
                cell(time(e.createdAt)), cell(e.to.join(", ")), cell(e.subject), cell(e.text, null, e.messageId),
                cell(e.events.map(ev => ev.event).join(", "))]);
              document.getElementById("updated").textContent = "Updated " + new Date().toISOString().substring(11, 19) + " UTC, every 2 s.";
            }
            render(JSON.parse(document.getElementById("initial").textContent));
            async function refresh() {
              try {
                const response = await fetch("simulator/overview", { cache: "no-store" });
                if (response.ok) render(await response.json());
              } catch { /* the simulator is restarting: try again on the next tick */ }
              setTimeout(refresh, 2000);
            }
            setTimeout(refresh, 2000);
            </script>
            </body></html>
            """);
        return html.ToString();
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Notifications.Core.Messages;
using Notifications.Core.SendGrid;
using Npgsql;

namespace Notifications.Benchmarks;

/// <summary>What became of the chaos run's messages: each accepted one as the API reports it, and every SMS and email the simulator took.</summary>
internal sealed class ChaosVerdict
{
    private const int DetailLimit = 20;

    private readonly Dictionary<Guid, string> _lost = new();
    private readonly List<(string Reference, long Count)> _acceptedTwice = [];
    private readonly List<(Guid? Id, string To, string[] Sids)> _smsTwice = [];
    private readonly List<(string MessageId, string[] Emails)> _emailsTwice = [];
    private int _accepted;
    private int _refused;
    private int _delivered;
    private int _fallenBack;
    private int _failedWithoutFallback;
    private int _deliveredAndEmailed;
    private int _sms;
    private int _emails;
    private TimeSpan? _settledAfterLastSend;

    public bool Passed => _lost.Count == 0 && _acceptedTwice.Count == 0 && _smsTwice.Count == 0 && _emailsTwice.Count == 0;

    public static async Task<ChaosVerdict> CollectAsync(
        HttpClient api, HttpClient simulator, string database, IReadOnlyList<ChaosMessage> messages, ChaosSender sender, DateTimeOffset lastSendAt)
    {
        var verdict = new ChaosVerdict { _accepted = sender.Accepted.Count, _refused = sender.Refused.Count };
        var views = new ConcurrentDictionary<Guid, JsonElement>();
        var lost = new ConcurrentDictionary<Guid, string>();
        await Parallel.ForEachAsync(sender.Accepted.Values, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, cancellationToken) =>
        {
            using var response = await api.GetAsync(new Uri($"/api/messages/{id}", UriKind.Relative), cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                lost[id] = "unknown to the API (404)";
                return;
            }

            response.EnsureSuccessStatusCode();
            views[id] = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        });

        foreach (var (id, view) in views)
        {
            var status = view.GetProperty("status").GetString()!;
            var fallback = view.TryGetProperty("fallback", out var f) && f.ValueKind == JsonValueKind.Object ? f.GetProperty("status").GetString() : null;
            var emailed = fallback is FallbackStatus.Sent or FallbackStatus.Delivered;
            if (!MessageTransitions.IsFinal(status) || fallback == FallbackStatus.Pending)
            {
                lost[id] = $"not settled: {status}{(fallback is null ? "" : $", fallback {fallback}")}";
            }
            else if (status == MessageStatus.Delivered)
            {
                verdict._delivered++;
                verdict._deliveredAndEmailed += emailed ? 1 : 0;
            }
            else if (emailed)
            {
                verdict._fallenBack++;
            }
            else
            {
                verdict._failedWithoutFallback++;
            }
        }

        foreach (var (id, why) in lost)
        {
            verdict._lost[id] = why;
        }

        await verdict.CollectDatabaseAsync(database, [.. sender.Accepted.Values], lastSendAt);
        await verdict.CollectSimulatorAsync(simulator, messages, sender);
        return verdict;
    }

    private async Task CollectDatabaseAsync(string database, Guid[] ids, DateTimeOffset lastSendAt)
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using (var command = new NpgsqlCommand(
            "SELECT reference, count(*) FROM messages WHERE reference LIKE 'chaos-%' GROUP BY reference HAVING count(*) > 1 ORDER BY reference", db))
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                _acceptedTwice.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        await using (var command = new NpgsqlCommand(
            "SELECT max(greatest(final_at, fallback_updated_at)) FROM messages WHERE id = ANY($1)", db) { Parameters = { new() { Value = ids } } })
        {
            if (await command.ExecuteScalarAsync() is DateTime last)
            {
                _settledAfterLastSend = new DateTimeOffset(DateTime.SpecifyKind(last, DateTimeKind.Utc)) - lastSendAt;
            }
        }
    }

    /// <summary>Every message has its own number and body: more than one Twilio message for one of them is an SMS sent twice.</summary>
    private async Task CollectSimulatorAsync(HttpClient simulator, IReadOnlyList<ChaosMessage> messages, ChaosSender sender)
    {
        var byDestination = messages.ToDictionary(m => (m.To, m.Body), m => m.Index);
        var sms = await simulator.GetFromJsonAsync<List<JsonElement>>("/simulator/messages?limit=100000") ?? [];
        _sms = sms.Count;
        foreach (var group in sms.GroupBy(m => (To: m.GetProperty("to").GetString()!, Body: m.GetProperty("body").GetString()!)).Where(g => g.Count() > 1))
        {
            Guid? id = byDestination.TryGetValue(group.Key, out var index) && sender.Accepted.TryGetValue(index, out var accepted) ? accepted : null;
            _smsTwice.Add((id, group.Key.To, [.. group.Select(m => $"{m.GetProperty("sid").GetString()} at {m.GetProperty("dateCreated").GetDateTimeOffset():HH:mm:ss.fff}")]));
        }

        var emails = await simulator.GetFromJsonAsync<List<JsonElement>>("/simulator/emails?limit=100000") ?? [];
        _emails = emails.Count;
        foreach (var group in emails
            .GroupBy(e => e.GetProperty("customArgs").TryGetProperty(SendGridEmailSender.MessageIdArgument, out var id) ? id.GetString() ?? "" : "")
            .Where(g => g.Count() > 1))
        {
            _emailsTwice.Add((group.Key, [.. group.Select(e => $"{e.GetProperty("messageId").GetString()} at {e.GetProperty("createdAt").GetDateTimeOffset():HH:mm:ss.fff}")]));
        }
    }

    public string Table(int total, int sendSeconds) => string.Create(CultureInfo.InvariantCulture, $"""

        Chaos run ({Environment.ProcessorCount} cores, every process on this machine): {total:N0} messages over {sendSeconds} s
          accepted:                        {_accepted,6:N0}{(_refused > 0 ? $"   ({_refused:N0} never accepted by the API: see below)" : "")}
          delivered:                       {_delivered,6:N0}{(_deliveredAndEmailed > 0 ? $"   (of which {_deliveredAndEmailed:N0} also emailed)" : "")}
          fallen back (email sent):        {_fallenBack,6:N0}
          failed without fallback:         {_failedWithoutFallback,6:N0}
          lost (not final, or unknown):    {_lost.Count,6:N0}   must be 0
          accepted twice (same reference): {_acceptedTwice.Count,6:N0}   must be 0
          SMS sent twice:                  {_smsTwice.Count,6:N0}   must be 0  ({_sms:N0} Twilio messages in all)
          emails sent twice:               {_emailsTwice.Count,6:N0}   must be 0  ({_emails:N0} emails in all)
          last send → last settled:        {(_settledAfterLastSend is { } t ? $"{t.TotalSeconds:N0} s" : "n/a")}
          verdict:                         {(Passed ? "PASS" : "FAIL")}
        """);

    /// <summary>The lost and duplicated messages (up to 20 of each), with their timelines from <c>GET /api/messages/{id}</c>.</summary>
    public async Task<string> DetailsAsync(HttpClient api)
    {
        var text = new StringBuilder();
        foreach (var (id, why) in _lost.Take(DetailLimit))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"lost {id}: {why}");
            text.Append(await TimelineAsync(api, id));
        }

        foreach (var (reference, count) in _acceptedTwice.Take(DetailLimit))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"accepted twice: {reference} is {count} messages");
        }

        foreach (var (id, to, sids) in _smsTwice.Take(DetailLimit))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"SMS sent {sids.Length} times for {(id?.ToString() ?? "(not accepted)")} (number ending {to[^4..]}): {string.Join(", ", sids)}");
            if (id is { } known)
            {
                text.Append(await TimelineAsync(api, known));
            }
        }

        foreach (var (messageId, emails) in _emailsTwice.Take(DetailLimit))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"email sent {emails.Length} times for {messageId}: {string.Join(", ", emails)}");
            if (Guid.TryParse(messageId, out var known))
            {
                text.Append(await TimelineAsync(api, known));
            }
        }

        return text.ToString();
    }

    private static async Task<string> TimelineAsync(HttpClient api, Guid id)
    {
        using var response = await api.GetAsync(new Uri($"/api/messages/{id}", UriKind.Relative));
        if (!response.IsSuccessStatusCode)
        {
            return $"    GET /api/messages/{id}: {(int)response.StatusCode}{Environment.NewLine}";
        }

        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        var text = new StringBuilder();
        foreach (var attempt in view.GetProperty("attempts").EnumerateArray())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    attempt {attempt}");
        }

        foreach (var entry in view.GetProperty("timeline").EnumerateArray())
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"    {entry.GetProperty("at").GetDateTimeOffset():HH:mm:ss.fff} {entry.GetProperty("type").GetString()} {entry.GetProperty("status")} {entry.GetProperty("errorCode")} {entry.GetProperty("detail")}");
        }

        return text.ToString();
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Contracts;

/// <summary>
/// Hundreds of malformed requests, generated from a fixed seed, against every endpoint of the api as deployed
/// (webhooks signed over the malformed content): none is a 5xx, and none writes a row.
/// </summary>
[Collection(ApiProcessDefinition.Name)]
public sealed class MalformedInputTests(ApiProcessFixture fixture)
{
    private const int Seed = 20261201;
    private const string InboundPath = "/api/webhooks/twilio/inbound";
    private const string StatusPath = "/api/webhooks/twilio/status";
    private const string EventsPath = "/api/webhooks/sendgrid/events";

    private static readonly string[] Alphabets = ["a", "é", "日本", "😀", "\u202e", "e\u0301", "ß", "\t", "\"", "<>&"];

    [Fact]
    public async Task EveryEndpoint_MalformedInput_IsNever5xxAndWritesNothing()
    {
        var random = new Random(Seed);
        var requests = Generate(random);
        Assert.True(requests.Count >= 300, $"only {requests.Count} malformed requests generated");
        var before = await fixture.RowCountsAsync();

        using var client = ApiProcessFixture.Client(fixture.Api);
        var failures = new List<string>();
        var accepted = new List<string>();
        foreach (var (name, create) in requests)
        {
            using var request = create();
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            if (status < 300)
            {
                accepted.Add($"{name}: {status}");
            }

            if (status >= 500)
            {
                failures.Add($"{name}: {status} {await response.Content.ReadAsStringAsync()}");
            }
            else if (status is 400 or 413 or 415 && ExpectsProblem(name, request)
                && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{name}: {status} is not problem+json ({response.Content.Headers.ContentType})");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests.Count} malformed requests failed:\n{string.Join('\n', failures)}");
        var after = await fixture.RowCountsAsync();
        Assert.True(
            before.SequenceEqual(after),
            $"rows written: before {string.Join(", ", before)}; after {string.Join(", ", after)}; accepted:\n{string.Join('\n', accepted)}");
    }

    /// <summary>
    /// Errors are problem+json, except a batch whose every item was rejected (400 with the per-item results, as
    /// documented) and a path the server refuses before routing (a NUL in it).
    /// </summary>
    private static bool ExpectsProblem(string name, HttpRequestMessage request) =>
        !name.StartsWith("batch item", StringComparison.Ordinal)
        && !name.StartsWith("batch shape {\"messages\":[null]}", StringComparison.Ordinal)
        && !request.RequestUri!.OriginalString.Contains("%00", StringComparison.Ordinal);

    private List<(string Name, Func<HttpRequestMessage> Create)> Generate(Random random)
    {
        var requests = new List<(string, Func<HttpRequestMessage>)>();
        var message = new Dictionary<string, string>
        {
            ["to"] = J(TestNumbers.Delivered()), ["body"] = J("hello"), ["purpose"] = J("transactional"),
            ["fallbackEmail"] = J("someone@example.com"), ["emailSubject"] = J("Hi"), ["overrideOptIn"] = "false",
            ["sendAt"] = "null", ["reference"] = J("ref-1"),
        };
        var messageBad = new Dictionary<string, string[]>
        {
            ["to"] = [.. BadPhones(), J("+80012345678"), "null", "14155550123", "true", "[]", "{}"],
            ["body"] = ["null", J(""), J("   "), J(Long(1601)), J(string.Concat(Enumerable.Repeat("😀", 900))), J("a\0b"), "\"\\ud800x\"", "42", "[\"a\"]", "{}"],
            ["purpose"] = [J("promo"), J(""), "7", "[]", J(Long(5000))],
            ["fallbackEmail"] = [J(Long(310) + "@example.com"), J(Long(5000)), J("not-an-email"), "12", J("a\0@example.com"), "[]"],
            ["emailSubject"] = [J(Long(201)), J("x\0"), "3"],
            ["overrideOptIn"] = [J("yes"), "1", "1e400", "[]"],
            ["sendAt"] = [J("2026-13-45"), J("yesterday"), J(""), "1e400", "12345", J("0001-01-01T00:00:00Z"), J("9999-12-31T23:59:59Z"), "true"],
            ["reference"] = [J(Long(201)), J("r\0"), "99999999999999999999999"],
            ["validUntil"] = [J("2026-13-45"), J("soon"), J(""), "1e400", "12345", J("0001-01-01T00:00:00Z"), J("2000-01-01T00:00:00Z"), J("9999-12-31T23:59:59Z"), "true", "[]"],
            ["smartEncoding"] = [J("yes"), "1", "[]", "{}"],
        };
        foreach (var (field, values) in messageBad)
        {
            foreach (var value in values)
            {
                var body = Json(message, field, value);
                requests.Add(($"message {field}={Truncate(value)}", () => Post("/api/messages", body)));
                requests.Add(($"batch item {field}={Truncate(value)}", () => Post("/api/messages/batch", $"{{\"messages\":[{body}]}}")));
            }
        }

        requests.Add(("message marketing override", () => Post("/api/messages", Json(message, "purpose", J("marketing"), ("overrideOptIn", "true")))));
        requests.Add(("message key too long", () => Post("/api/messages", Json(message), ("Idempotency-Key", Long(201)))));
        AddWholeBodyCases(requests, "/api/messages", Json(message));
        AddWholeBodyCases(requests, "/api/messages/batch", $"{{\"messages\":[{Json(message)}]}}");
        foreach (var shape in new[] { "{\"messages\":null}", "{\"messages\":[]}", "{\"messages\":\"x\"}", "{\"messages\":{}}", "{\"messages\":[1]}", "{\"messages\":[null]}",
            $"{{\"messages\":[{string.Join(',', Enumerable.Repeat(Json(message), 1001))}]}}" })
        {
            requests.Add(($"batch shape {Truncate(shape)}", () => Post("/api/messages/batch", shape)));
        }

        var consent = new Dictionary<string, string>
        {
            ["phone"] = J(TestNumbers.Delivered()), ["purpose"] = J("marketing"), ["source"] = J("web-form"),
            ["sourceUrl"] = J("https://example.com/form"), ["optInMessage"] = J("Reply YES for alerts"),
            ["capturedAt"] = J("2020-01-01T00:00:00Z"), ["ipAddress"] = J("203.0.113.5"), ["userAgent"] = J("Mozilla/5.0"),
        };
        var consentBad = new Dictionary<string, string[]>
        {
            ["phone"] = [.. BadPhones(), "null", "15551234567"],
            ["purpose"] = [J("everything"), "null", "1", J(Long(3000))],
            ["source"] = [J("sms"), "null", "2", "[]"],
            ["sourceUrl"] = [J("https://example.com/" + Long(2000)), J("https://example.com/\0"), J("not a url"), "5", "{}"],
            ["optInMessage"] = ["null", J(""), J(Long(2001)), J(Long(10000)), J("yes\0"), "\"\\udc00\"", "8"],
            ["capturedAt"] = [J("2026-02-30T00:00:00Z"), J("soon"), J("2999-01-01T00:00:00Z"), "1700000000", "null", J("0001-01-01T00:00:00+14:00")],
            ["ipAddress"] = [J("999.1.1.1"), J("fe80::1%" + Long(60)), J(Long(5000)), "4", J("1.2.3.4\0")],
            ["userAgent"] = [J(Long(1001)), J(Long(50000)), J("UA\0"), "6", "[]"],
            ["timeZone"] = [J("Mars/Olympus_Mons"), J("America/" + Long(200)), J("UTC\0"), J("EST5EDT,M3.2.0"), J("../../etc/passwd"), "5", "[]", "{}"],
        };
        foreach (var (field, values) in consentBad)
        {
            foreach (var value in values)
            {
                var body = Json(consent, field, value);
                requests.Add(($"consent {field}={Truncate(value)}", () => Post("/api/consents", body)));
            }
        }

        AddWholeBodyCases(requests, "/api/consents", Json(consent));
        var consentRequest = new Dictionary<string, string>
        {
            ["phone"] = J(TestNumbers.Delivered()), ["purpose"] = J("marketing"), ["source"] = J("web-form"),
            ["sourceUrl"] = J("https://example.com/form"), ["ipAddress"] = J("203.0.113.5"), ["userAgent"] = J("Mozilla/5.0"),
        };
        foreach (var field in consentRequest.Keys.ToArray())
        {
            foreach (var value in consentBad[field])
            {
                var body = Json(consentRequest, field, value);
                requests.Add(($"consent request {field}={Truncate(value)}", () => Post("/api/consents/requests", body)));
            }
        }

        AddWholeBodyCases(requests, "/api/consents/requests", Json(consentRequest));
        foreach (var id in new[] { "x", "0", Long(300), "00000000-0000-0000-0000-00000000000g", "%00" })
        {
            requests.Add(($"get consent request {Truncate(id)}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/consents/requests/{id}")));
        }
        var revokePath = $"/api/consents/{Uri.EscapeDataString(TestNumbers.Delivered())}/revoke";
        foreach (var value in new[]
        {
            "{\"purpose\":\"x\"}", "{\"purpose\":1}", "{\"purpose\":[]}", $"{{\"purpose\":{J(Long(5000))}}}",
            $"{{\"reason\":{J(Long(501))}}}", $"{{\"reason\":{J(Long(10000))}}}", "{\"reason\":\"a\\u0000b\"}", "{\"reason\":3}",
            "{\"reason\":{}}", "{\"reason\":\"\\ud800\"}", $"{{\"reason\":{J(string.Concat(Enumerable.Repeat("日本", 300)))}}}",
        })
        {
            requests.Add(($"revoke {Truncate(value)}", () => Post(revokePath, value)));
        }

        AddWholeBodyCases(requests, revokePath, "{\"reason\":\"moved away\"}", emptyIsValid: true);
        foreach (var phone in BadPathPhones())
        {
            var escaped = Uri.EscapeDataString(phone);
            requests.Add(($"revoke path {Truncate(phone)}", () => Post($"/api/consents/{escaped}/revoke", "{}")));
            requests.Add(($"get consent {Truncate(phone)}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/consents/{escaped}")));
            requests.Add(($"export {Truncate(phone)}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/consents/{escaped}/export")));
        }

        foreach (var query in new[]
        {
            "", "from=yesterday&to=today", "from=2026-13-45T00:00:00Z&to=2026-01-02T00:00:00Z", "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
            "from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&groupBy=hour",
            $"from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&groupBy={Long(3000)}", "from=1e400&to=99999999999999999999",
            "from=&to=", "to=2026-01-02T00:00:00Z", "from=2026-01-01T00:00:00Z", "from=%00&to=%00", "groupBy=country",
            "from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z", "from[]=1&to[]=2",
        })
        {
            requests.Add(($"report ?{Truncate(query)}", () => new HttpRequestMessage(HttpMethod.Get, $"/api/reports/channel-reliability?{query}")));
        }

        AddInbound(requests);
        AddStatusCallbacks(requests);
        AddSendGridEvents(requests);

        // Seeded extras: random over-long strings of mixed scripts in a random field of a random endpoint.
        while (requests.Count < 420)
        {
            var length = random.Next(2001, 6000);
            var text = RandomText(random, length);
            switch (random.Next(4))
            {
                case 0:
                    var messageField = new[] { "body", "fallbackEmail", "emailSubject", "reference" }[random.Next(4)];
                    var messageBody = Json(message, messageField, J(text));
                    requests.Add(($"random message {messageField} ({length})", () => Post("/api/messages", messageBody)));
                    break;
                case 1:
                    var consentField = new[] { "sourceUrl", "optInMessage", "userAgent", "ipAddress" }[random.Next(4)];
                    var consentBody = Json(consent, consentField, J(text));
                    requests.Add(($"random consent {consentField} ({length})", () => Post("/api/consents", consentBody)));
                    break;
                case 2:
                    var formField = new[] { "Body", "MessageSid", "To", "From" }[random.Next(4)];
                    var form = InboundForm();
                    form[formField] = text;
                    requests.Add(($"random inbound {formField} ({length})", () => SignedForm(InboundPath, form)));
                    break;
                default:
                    var eventField = new[] { "sg_event_id", "reason", "event" }[random.Next(3)];
                    var events = Encoding.UTF8.GetBytes($"[{{\"sg_event_id\":\"e1\",\"event\":\"delivered\",\"notification_message_id\":\"{Guid.NewGuid()}\",\"{eventField}\":{J(text)}}}]");
                    requests.Add(($"random event {eventField} ({length})", () => SignedEvents(events)));
                    break;
            }
        }

        return requests;
    }

    private void AddInbound(List<(string, Func<HttpRequestMessage>)> requests)
    {
        var bad = new Dictionary<string, string?[]>
        {
            ["MessageSid"] = [null, "", "SM" + Long(33), Long(5000), "SM\0abc"],
            ["From"] = [null, "", "+1234567890123456", Long(5000), "+1415\0"],
            ["To"] = [Long(33), Long(5000), "+1\0"],
            ["Body"] = [Long(1601), Long(10000), "STOP\0", string.Concat(Enumerable.Repeat("😀", 1000)), Long(70_000)],
        };
        foreach (var (field, values) in bad)
        {
            foreach (var value in values)
            {
                var form = InboundForm();
                if (value is null)
                {
                    form.Remove(field);
                }
                else
                {
                    form[field] = value;
                }

                requests.Add(($"inbound {field}={Truncate(value ?? "(missing)")}", () => SignedForm(InboundPath, form)));
            }
        }

        foreach (var token in new[] { Long(101), Long(5000) })
        {
            var form = InboundForm();
            requests.Add(($"inbound token {token.Length}", () => SignedForm(InboundPath, form, token)));
        }

        var json = InboundForm();
        requests.Add(("inbound as JSON", () =>
        {
            var request = SignedForm(InboundPath, json);
            request.Content = new StringContent(JsonSerializer.Serialize(json), Encoding.UTF8, "application/json");
            return request;
        }));
        requests.Add(("inbound truncated form", () =>
        {
            var request = SignedForm(InboundPath, new Dictionary<string, string>());
            request.Content = new StringContent("MessageSid=SM%&From=%2", Encoding.UTF8, "application/x-www-form-urlencoded");
            return request;
        }));
        requests.Add(("inbound unsigned", () => new HttpRequestMessage(HttpMethod.Post, InboundPath) { Content = new FormUrlEncodedContent(InboundForm()) }));
    }

    private void AddStatusCallbacks(List<(string, Func<HttpRequestMessage>)> requests)
    {
        var bad = new Dictionary<string, string?[]>
        {
            ["MessageSid"] = [null, "", "SM" + Long(33), Long(5000), "SM\0"],
            ["MessageStatus"] = [null, "", Long(33), Long(5000), "sent\0"],
        };
        foreach (var (field, values) in bad)
        {
            foreach (var value in values)
            {
                var form = StatusForm();
                if (value is null)
                {
                    form.Remove(field);
                }
                else
                {
                    form[field] = value;
                }

                requests.Add(($"status {field}={Truncate(value ?? "(missing)")}", () => SignedForm(StatusPath, form)));
            }
        }

        foreach (var token in new[] { Long(94), Long(5000) })
        {
            var form = StatusForm();
            requests.Add(($"status token {token.Length}", () => SignedForm(StatusPath, form, token)));
        }

        var huge = StatusForm();
        huge["ErrorCode"] = "99999999999999999999";
        huge["MessageStatus"] = Long(40);
        requests.Add(("status huge error code", () => SignedForm(StatusPath + "?messageId=not-a-guid", huge)));
    }

    private void AddSendGridEvents(List<(string, Func<HttpRequestMessage>)> requests)
    {
        var id = Guid.NewGuid().ToString();
        string Event(string field, string value)
        {
            var fields = new Dictionary<string, string>
            {
                ["sg_event_id"] = J("evt-1"), ["event"] = J("bounce"), ["notification_message_id"] = J(id), ["reason"] = J("mailbox full"),
            };
            fields[field] = value;
            return "[{" + string.Join(',', fields.Select(f => $"{J(f.Key)}:{f.Value}")) + "}]";
        }

        var bodies = new List<string> { "{}", "1", "\"x\"", "null", "[1]", "[null]", "[[]]", "[\"a\"]", "", "[", "[{\"sg_event_id\":", new string('[', 200) + new string(']', 200) };
        foreach (var value in new[] { "1", "true", "{}", "[]", "1e400", J(Long(92)), J("e\0") })
        {
            bodies.Add(Event("sg_event_id", value));
        }

        foreach (var value in new[] { "1", "[]", J(Long(33)) })
        {
            bodies.Add(Event("event", value));
        }

        foreach (var value in new[] { "1", "{}", J(Long(467)), J(Long(5000)), J("r\0"), "\"\\ud800\"" })
        {
            bodies.Add(Event("reason", value));
        }

        foreach (var value in new[] { "1", "[]", "false" })
        {
            bodies.Add(Event("notification_message_id", value));
        }

        foreach (var body in bodies)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            requests.Add(($"events {body[..Math.Min(body.Length, 200)]}", () => SignedEvents(bytes)));
        }

        byte[] invalidUtf8 = [(byte)'[', 0xC3, 0x28, (byte)']'];
        requests.Add(("events invalid UTF-8", () => SignedEvents(invalidUtf8)));
        var tooLarge = Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Repeat(Event("reason", J("x")).Trim('[', ']'), 60_000)) + "]");
        requests.Add(("events over 4 MiB", () => SignedEvents(tooLarge)));
        requests.Add(("events unsigned", () => Post(EventsPath, Event("reason", "1"))));
    }

    private static void AddWholeBodyCases(List<(string, Func<HttpRequestMessage>)> requests, string path, string valid, bool emptyIsValid = false)
    {
        foreach (var cut in new[] { 1, valid.Length / 2, valid.Length - 1 })
        {
            var truncated = valid[..cut];
            requests.Add(($"{path} truncated at {cut}", () => Post(path, truncated)));
        }

        if (!emptyIsValid)
        {
            requests.Add(($"{path} empty", () => Post(path, "")));
            requests.Add(($"{path} null", () => Post(path, "null")));
        }

        foreach (var shape in new[] { "[]", "\"x\"", "1", new string('[', 100) + new string(']', 100) })
        {
            requests.Add(($"{path} {Truncate(shape)}", () => Post(path, shape)));
        }

        requests.Add(($"{path} as text/plain", () => Post(path, valid, contentType: "text/plain")));
        requests.Add(($"{path} as form", () => Post(path, valid, contentType: "application/x-www-form-urlencoded")));
        requests.Add(($"{path} without content type", () =>
        {
            var request = Post(path, valid);
            request.Content!.Headers.ContentType = null;
            return request;
        }));
        byte[] invalidUtf8 = [(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}'];
        requests.Add(($"{path} invalid UTF-8", () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(invalidUtf8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return request;
        }));
        var oversized = "{\"body\":\"" + Long(5 * 1024 * 1024) + "\"}";
        requests.Add(($"{path} over its limit", () => Post(path, oversized)));
    }

    private HttpRequestMessage SignedForm(string path, Dictionary<string, string> form, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        var url = fixture.Api.BaseUrl.GetLeftPart(UriPartial.Authority) + path;
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", TwilioSigner.Sign(ApiProcessFixture.AuthToken, url, form));
        request.Headers.TryAddWithoutValidation("I-Twilio-Idempotency-Token", token ?? Guid.NewGuid().ToString());
        return request;
    }

    private HttpRequestMessage SignedEvents(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, EventsPath) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Timestamp", "1700000000");
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Signature", fixture.SignSendGrid("1700000000", body));
        return request;
    }

    private static HttpRequestMessage Post(string path, string body, (string Name, string Value)? header = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (header is { } extra)
        {
            request.Headers.TryAddWithoutValidation(extra.Name, extra.Value);
        }

        return request;
    }

    private static Dictionary<string, string> InboundForm() => new()
    {
        ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["From"] = TestNumbers.Delivered(), ["To"] = "+15005550006", ["Body"] = "hello there",
    };

    private static Dictionary<string, string> StatusForm() => new()
    {
        ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["MessageStatus"] = "delivered",
    };

    private static string[] BadPhones() =>
    [
        J(""), J("+1"), J("12345"), J("+999999999999999999"), J("+1" + new string('5', 40)), J("+1415\0" + "5550123"),
        J("+1 (415) 555-0123" + new string(' ', 60)), J("☎️+14155550123"), "\"+1415555\\ud8000123\"",
    ];

    private static string[] BadPathPhones() => ["123", "abc", "+1", "+" + new string('9', 300), "+1415\0", "日本", "%"];

    private static string Json(Dictionary<string, string> fields, string? replace = null, string? value = null, (string Field, string Value)? also = null)
    {
        var copy = new Dictionary<string, string>(fields);
        if (replace is not null)
        {
            copy[replace] = value!;
        }

        if (also is { } extra)
        {
            copy[extra.Field] = extra.Value;
        }

        return "{" + string.Join(',', copy.Select(f => $"{J(f.Key)}:{f.Value}")) + "}";
    }

    private static string J(string value) => JsonSerializer.Serialize(value);

    private static string Long(int length) => new('x', length);

    private static string RandomText(Random random, int length)
    {
        var text = new StringBuilder(length + 4);
        while (text.Length < length)
        {
            text.Append(Alphabets[random.Next(Alphabets.Length)]);
        }

        return text.ToString();
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : $"{value[..40]}...({value.Length})";
}

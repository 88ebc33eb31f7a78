using System.Text.Json;
using Notifications.Core.Consent;

namespace Notifications.VerifyExport;

/// <summary>Reads an evidence export and checks its hash chain with <see cref="ConsentEventHash"/>.</summary>
public static class ExportVerifier
{
    public const int Verified = 0;
    public const int Broken = 1;
    public const int Unreadable = 2;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Count != 1)
        {
            error.WriteLine("usage: Notifications.VerifyExport <export.json>");
            return Unreadable;
        }

        IReadOnlyList<ConsentEvent> events;
        try
        {
            events = Read(File.ReadAllText(args[0]));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            error.WriteLine($"{args[0]}: not a readable consent evidence export ({ex.Message})");
            return Unreadable;
        }

        if (ConsentEventHash.FirstBroken(events) is { } broken)
        {
            output.WriteLine($"NOT VERIFIED: the chain breaks at event {broken} ({events.Count} events)");
            return Broken;
        }

        output.WriteLine($"verified: {events.Count} events, every hash chained");
        return Verified;
    }

    /// <summary>The events of an export, with the fields the hash covers.</summary>
    public static IReadOnlyList<ConsentEvent> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var phone = root.GetProperty("phone").GetString() ?? throw new FormatException("phone is null");
        return root.GetProperty("consent").GetProperty("events").EnumerateArray()
            .Select(e => new ConsentEvent
            {
                Id = e.GetProperty("id").GetInt64(),
                Program = Required(e, "program"),
                Phone = phone,
                Purpose = Required(e, "purpose"),
                Kind = Required(e, "kind"),
                OccurredAt = e.GetProperty("occurredAt").GetDateTimeOffset(),
                RecordedAt = e.GetProperty("recordedAt").GetDateTimeOffset(),
                Source = Required(e, "source"),
                SourceUrl = Optional(e, "sourceUrl"),
                OptInMessage = Optional(e, "optInMessage"),
                TextReceived = Optional(e, "textReceived"),
                InboundMessageSid = Optional(e, "inboundMessageSid"),
                IpAddress = Optional(e, "ipAddress"),
                UserAgent = Optional(e, "userAgent"),
                CapturedBy = Required(e, "capturedBy"),
                Note = Optional(e, "note"),
                Email = Optional(e, "email"),
                PreviousHash = Optional(e, "previousHash"),
                Hash = Optional(e, "hash"),
            })
            .ToList();
    }

    private static string Required(JsonElement e, string name) =>
        e.GetProperty(name).GetString() ?? throw new FormatException($"{name} is null");

    // A null field is written as null; a missing one reads as null too.
    private static string? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) ? value.GetString() : null;
}

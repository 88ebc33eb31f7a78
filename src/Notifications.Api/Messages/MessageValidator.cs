using System.Net.Mail;
using Notifications.Api.Http;
using Notifications.Core.Consent;
using Notifications.Core.Messages;
using Notifications.Core.Sms;

namespace Notifications.Api.Messages;

/// <summary>Turns a request into a message, or into field errors named as in the request.</summary>
internal static class MessageValidator
{
    private static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxSchedule = TimeSpan.FromDays(30);

    /// <summary>
    /// The message, with its body Smart Encoded when <c>smartEncoding</c> (default <paramref name="smartEncoding"/>)
    /// asks for it, and the encoding and segments of that body.
    /// </summary>
    public static Message? Validate(SendMessageRequest? request, string appId, string program, DateTimeOffset now, Validation validation, bool smartEncoding, string prefix = "")
    {
        if (request is null)
        {
            validation.Add(prefix.TrimEnd('.'), "A message object is required.");
            return null;
        }

        var to = validation.Phone($"{prefix}to", request.To, Message.ToMaxLength, out var country);
        if (country is { Length: > Message.CountryMaxLength })
        {
            // libphonenumber's "001": a global service number (+800, +882, ...), in no country a sender can reach.
            validation.Add($"{prefix}to", "Must be a number in a country or region, not a global service number.");
            to = null;
        }

        var bodyValid = false;
        var body = request.Body;
        if (string.IsNullOrWhiteSpace(body))
        {
            validation.Add($"{prefix}body", "Must not be empty.");
        }
        else
        {
            // The limit holds for the body as sent: Smart Encoding can lengthen it ("…" is "...").
            body = request.SmartEncoding ?? smartEncoding ? SmsEncoding.SmartEncode(body) : body;
            bodyValid = validation.Text($"{prefix}body", body, Message.BodyMaxLength);
        }

        var purpose = request.Purpose ?? ConsentPurpose.Transactional;
        if (!ConsentPurpose.IsValid(purpose))
        {
            validation.Add($"{prefix}purpose", "Must be 'transactional' or 'marketing'.");
        }

        if (request.OverrideOptIn == true && purpose != ConsentPurpose.Transactional)
        {
            validation.Add($"{prefix}overrideOptIn", "Only transactional messages may override the opt-in requirement.");
        }

        if (validation.Text($"{prefix}fallbackEmail", request.FallbackEmail, Message.FallbackEmailMaxLength)
            && request.FallbackEmail is not null && !MailAddress.TryCreate(request.FallbackEmail, out _))
        {
            validation.Add($"{prefix}fallbackEmail", "Must be an email address.");
        }

        validation.Text($"{prefix}emailSubject", request.EmailSubject, Message.EmailSubjectMaxLength);

        if (request.SendAt is { } sendAt && sendAt < now - AllowedClockSkew)
        {
            validation.Add($"{prefix}sendAt", "Must not be in the past.");
        }
        else if (request.SendAt is { } later && later > now + MaxSchedule)
        {
            validation.Add($"{prefix}sendAt", "Must be within 30 days.");
        }

        var due = request.SendAt is { } requested && requested > now ? requested.ToUniversalTime() : now;
        if (request.ValidUntil is { } validUntil && validUntil <= due)
        {
            validation.Add($"{prefix}validUntil", request.SendAt is null ? "Must be in the future." : "Must be after sendAt.");
        }
        else if (request.ValidUntil is { } lastly && lastly > due + MaxSchedule)
        {
            validation.Add($"{prefix}validUntil", "Must be within 30 days of sendAt (or of now without sendAt).");
        }

        validation.Text($"{prefix}reference", request.Reference, Message.ReferenceMaxLength);

        if (to is null || country is null || !bodyValid)
        {
            return null;
        }

        var (encoding, segments) = SmsEncoding.Measure(body!);

        return new Message
        {
            Id = Guid.CreateVersion7(now),
            AppId = appId,
            Program = program,
            To = to,
            Country = country,
            Body = body!,
            Encoding = encoding,
            Segments = segments,
            Purpose = purpose,
            FallbackEmail = request.FallbackEmail,
            EmailSubject = request.EmailSubject,
            OverrideOptIn = request.OverrideOptIn ?? false,
            Reference = request.Reference,
            DueAt = due,
            ValidUntil = request.ValidUntil?.ToUniversalTime(),
            Status = MessageTransitions.To(due > now ? MessageTrigger.Schedule : MessageTrigger.Accept),
            CreatedAt = now,
            UpdatedAt = now,
            TraceParent = System.Diagnostics.Activity.Current?.Id,
        };
    }
}

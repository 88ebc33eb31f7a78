using System.Net.Mail;
using Notifications.Api.Http;
using Notifications.Core.Consent;
using Notifications.Core.Messages;
using Notifications.Core.Phones;

namespace Notifications.Api.Messages;

/// <summary>Turns a request into a message, or into field errors named as in the request.</summary>
internal static class MessageValidator
{
    public const int MaxBodyLength = 1600;
    private static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxSchedule = TimeSpan.FromDays(30);

    public static Message? Validate(SendMessageRequest? request, string appId, DateTimeOffset now, Validation validation, string prefix = "")
    {
        if (request is null)
        {
            validation.Add(prefix.TrimEnd('.'), "A message object is required.");
            return null;
        }

        if (!PhoneNumberNormalizer.TryNormalize(request.To, out var to, out var country))
        {
            validation.Add($"{prefix}to", PhoneNumberNormalizer.ValidationMessage);
        }

        if (string.IsNullOrWhiteSpace(request.Body))
        {
            validation.Add($"{prefix}body", "Must not be empty.");
        }
        else if (request.Body.Length > MaxBodyLength)
        {
            validation.Add($"{prefix}body", $"Must be at most {MaxBodyLength} characters.");
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

        if (request.FallbackEmail is not null && !MailAddress.TryCreate(request.FallbackEmail, out _))
        {
            validation.Add($"{prefix}fallbackEmail", "Must be an email address.");
        }

        if (request.EmailSubject is { Length: > 200 })
        {
            validation.Add($"{prefix}emailSubject", "Must be at most 200 characters.");
        }

        if (request.SendAt is { } sendAt && sendAt < now - AllowedClockSkew)
        {
            validation.Add($"{prefix}sendAt", "Must not be in the past.");
        }
        else if (request.SendAt is { } later && later > now + MaxSchedule)
        {
            validation.Add($"{prefix}sendAt", "Must be within 30 days.");
        }

        if (request.Reference is { Length: > 200 })
        {
            validation.Add($"{prefix}reference", "Must be at most 200 characters.");
        }

        if (to is null || country is null || string.IsNullOrWhiteSpace(request.Body) || request.Body.Length > MaxBodyLength)
        {
            return null;
        }

        return new Message
        {
            Id = Guid.CreateVersion7(now),
            AppId = appId,
            To = to,
            Country = country,
            Body = request.Body,
            Purpose = purpose,
            FallbackEmail = request.FallbackEmail,
            EmailSubject = request.EmailSubject,
            OverrideOptIn = request.OverrideOptIn ?? false,
            Reference = request.Reference,
            DueAt = request.SendAt is { } due && due > now ? due : now,
            CreatedAt = now,
            UpdatedAt = now,
            TraceParent = System.Diagnostics.Activity.Current?.Id,
        };
    }
}

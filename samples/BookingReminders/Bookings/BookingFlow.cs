using Microsoft.Extensions.Options;
using Notifications.Client;
using Notifications.Client.Consent;
using Notifications.Client.Messages;

namespace BookingReminders.Bookings;

/// <summary>
/// Books an appointment. Without the consent box ticked it only stores the booking. With it: records the consent
/// through the client (the disclosure's exact words as the opt-in message, the form's URL, the browser's address and
/// user agent as evidence), sends a confirmation text at once and enqueues a reminder a day before the appointment
/// that is worth nothing after it (<c>validUntil</c>), with the email as its fallback.
/// </summary>
public sealed partial class BookingFlow(
    NotificationsClient notifications,
    BookingStore store,
    IOptions<BookingOptions> options,
    TimeProvider time,
    ILogger<BookingFlow> logger)
{
    /// <summary>How long before the appointment the reminder goes out.</summary>
    public static readonly TimeSpan ReminderLead = TimeSpan.FromHours(24);

    /// <summary>Both texts are about the booking the person made: transactional, and so is the consent asked for them.</summary>
    private const string Purpose = MessagePurposes.Transactional;

    public async Task<BookingResult> BookAsync(BookingForm form, DateTimeOffset appointment, ConsentEvidence evidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(evidence);
        var now = time.GetUtcNow();
        var booking = new Booking
        {
            Id = Guid.CreateVersion7(now),
            Name = form.Name!.Trim(),
            Phone = form.Phone!.Trim(),
            Email = string.IsNullOrWhiteSpace(form.Email) ? null : form.Email.Trim(),
            AppointmentAt = appointment,
            TimeZone = form.TimeZone!,
            SmsConsent = form.SmsConsent,
            BookedAt = now,
        };

        if (!booking.SmsConsent)
        {
            await store.SaveAsync(booking, cancellationToken);
            LogBookedWithoutTexts(booking.Id);
            return BookingResult.Booked(booking);
        }

        var brand = options.Value.BrandName;
        try
        {
            // The consent first: its answer also says whether the number is one Notifications can text.
            await notifications.RecordConsentAsync(new RecordConsentRequest
            {
                Phone = booking.Phone,
                Purpose = Purpose,
                Source = ConsentSources.WebForm,
                SourceUrl = evidence.PageUrl,
                OptInMessage = ConsentDisclosure.For(brand),
                CapturedAt = now,
                IpAddress = evidence.IpAddress,
                UserAgent = evidence.UserAgent,
                TimeZone = booking.TimeZone,
            }, cancellationToken);
        }
        catch (NotificationsValidationException ex)
        {
            return BookingResult.Invalid(FormFields(ex.Errors), null);
        }
        catch (NotificationsApiException ex)
        {
            LogApiProblem(booking.Id, (int)ex.StatusCode, ex.Title);
            return BookingResult.Invalid(new Dictionary<string, string[]>(), $"Notifications refused the consent: {Describe(ex)}. Nothing was booked.");
        }
        catch (HttpRequestException ex)
        {
            LogApiUnreachable(booking.Id, ex);
            return BookingResult.Invalid(new Dictionary<string, string[]>(), "Notifications could not be reached, so nothing was booked. Try again in a moment.");
        }

        await store.SaveAsync(booking, cancellationToken);
        var when = AppointmentTimeZones.Format(appointment, booking.TimeZone);
        try
        {
            // One idempotency key per text of the booking (the client would make one per call otherwise): a send
            // repeated for this booking, by the client's retries or by the app, never makes a second text.
            var confirmation = await notifications.SendAsync(new SendMessageRequest
            {
                To = booking.Phone,
                Body = $"{brand}: {booking.Name}, your appointment on {when} is booked. We will text you a reminder the day before. Reply STOP to opt out.",
                Purpose = Purpose,
                Reference = $"booking-{booking.Id}-confirmation",
            }, $"booking-{booking.Id}-confirmation", cancellationToken);
            booking = booking with { ConfirmationMessageId = confirmation.Id };

            // A day ahead; an appointment less than a day away gets its reminder now. Either way it is void once the
            // appointment has begun.
            var remindAt = appointment - ReminderLead;
            var sendAt = remindAt > now ? remindAt : (DateTimeOffset?)null;
            var reminder = await notifications.SendAsync(new SendMessageRequest
            {
                To = booking.Phone,
                Body = $"{brand}: Reminder: your appointment is on {when}. Reply STOP to opt out.",
                Purpose = Purpose,
                SendAt = sendAt,
                ValidUntil = appointment,
                FallbackEmail = booking.Email,
                EmailSubject = booking.Email is null ? null : $"{brand}: appointment reminder",
                Reference = $"booking-{booking.Id}-reminder",
            }, $"booking-{booking.Id}-reminder", cancellationToken);
            booking = booking with { ReminderMessageId = reminder.Id, ReminderSendAt = sendAt };
            LogBookedWithTexts(booking.Id, confirmation.Id, reminder.Id);
        }
        catch (NotificationsApiException ex)
        {
            LogApiProblem(booking.Id, (int)ex.StatusCode, ex.Title);
            booking = booking with { Problem = Describe(ex) };
        }
        catch (HttpRequestException ex)
        {
            LogApiUnreachable(booking.Id, ex);
            booking = booking with { Problem = "Notifications could not be reached." };
        }

        await store.SaveAsync(booking, cancellationToken);
        return BookingResult.Booked(booking);
    }

    /// <summary>The API's field names (consent and message) as the form's.</summary>
    private static Dictionary<string, string[]> FormFields(IReadOnlyDictionary<string, string[]> errors) =>
        errors
            .GroupBy(e => e.Key switch
            {
                "phone" or "to" => nameof(BookingForm.Phone),
                "fallbackEmail" or "email" => nameof(BookingForm.Email),
                "timeZone" => nameof(BookingForm.TimeZone),
                "sendAt" or "validUntil" => nameof(BookingForm.AppointmentAt),
                _ => string.Empty,
            }, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray(), StringComparer.Ordinal);

    private static string Describe(NotificationsApiException ex) => ex.Detail ?? ex.Title ?? ex.Message;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Booking {BookingId} stored without texts: the consent box was not ticked")]
    private partial void LogBookedWithoutTexts(Guid bookingId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Booking {BookingId}: consent recorded, confirmation {ConfirmationId} and reminder {ReminderId} accepted")]
    private partial void LogBookedWithTexts(Guid bookingId, Guid confirmationId, Guid reminderId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Booking {BookingId}: Notifications answered {StatusCode} {Title}")]
    private partial void LogApiProblem(Guid bookingId, int statusCode, string? title);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Booking {BookingId}: Notifications could not be reached")]
    private partial void LogApiUnreachable(Guid bookingId, Exception exception);
}

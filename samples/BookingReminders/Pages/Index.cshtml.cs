using BookingReminders.Bookings;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Options;

namespace BookingReminders.Pages;

/// <summary>The booking form: books the appointment and, when the consent box is ticked, sets up its texts.</summary>
public sealed class IndexModel(BookingFlow flow, IOptions<BookingOptions> options, TimeProvider time) : PageModel
{
    [BindProperty]
    public BookingForm Form { get; set; } = new();

    /// <summary>The words next to the consent box, recorded as the consent's opt-in message.</summary>
    public string Disclosure => ConsentDisclosure.For(options.Value.BrandName);

    public IEnumerable<SelectListItem> TimeZones => AppointmentTimeZones.All.Select(zone => new SelectListItem(zone, zone));

    /// <summary>What went wrong that belongs to no one field.</summary>
    public string? Problem { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (!Form.TryGetAppointment(time.GetUtcNow(), out var appointment, out var problem))
        {
            ModelState.AddModelError($"{nameof(Form)}.{nameof(BookingForm.AppointmentAt)}", problem);
            return Page();
        }

        var evidence = new ConsentEvidence(Request.GetEncodedUrl(), ClientAddress(), Request.Headers.UserAgent.ToString());
        var result = await flow.BookAsync(Form, appointment, evidence, cancellationToken);
        if (result.Booking is { } booking)
        {
            return Redirect($"/bookings?booked={booking.Id}");
        }

        foreach (var (field, messages) in result.FieldErrors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(field.Length == 0 ? string.Empty : $"{nameof(Form)}.{field}", message);
            }
        }

        Problem = result.Problem;
        return Page();
    }

    private string? ClientAddress() =>
        HttpContext.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : null;
}

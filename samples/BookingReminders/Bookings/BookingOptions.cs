using System.ComponentModel.DataAnnotations;

namespace BookingReminders.Bookings;

/// <summary>The sample's own settings (section <c>Booking</c>).</summary>
public sealed class BookingOptions
{
    public const string SectionName = "Booking";

    /// <summary>
    /// The brand the consent box names and every text starts with. It should be the BrandName of the program the app
    /// sends in (the API's <c>Sms:Program:BrandName</c> for the program <c>default</c>), so that HELP and STOP replies
    /// name the same brand. The default value is <c>Notifications</c>, the API's own default.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Booking:BrandName is required (the brand named in the consent box and in every text).")]
    [StringLength(40, ErrorMessage = "Booking:BrandName must be at most 40 characters.")]
    public string BrandName { get; set; } = "Notifications";

    /// <summary>
    /// The JSON file the bookings are kept in, absolute or relative to the content root. The default value is
    /// <c>data/bookings.json</c>.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Booking:DataFile is required (the JSON file the bookings are kept in).")]
    public string DataFile { get; set; } = "data/bookings.json";
}

namespace BookingReminders.Bookings;

public static class BookingServiceExtensions
{
    /// <summary>The sample's settings (validated at start), its storage and its use of the client.</summary>
    public static IHostApplicationBuilder AddBookingServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<BookingOptions>()
            .BindConfiguration(BookingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<BookingStore>();
        builder.Services.AddScoped<BookingFlow>();
        builder.Services.AddScoped<MessageStates>();
        return builder;
    }
}

using BookingReminders.Bookings;
using Notifications.Client.Aspire;
using Notifications.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
// The API's address comes from service discovery (the AppHost's WithReference(api)), its key from Notifications:ApiKey.
builder.AddNotificationsClient("api");
builder.AddBookingServices();
builder.Services.AddRazorPages();

var app = builder.Build();

app.UseExceptionHandler("/error");
app.UseStatusCodePages();
app.MapRazorPages();
app.MapDefaultEndpoints();

app.Run();

using Notifications.ServiceDefaults;
using Notifications.Simulator;
using Notifications.Simulator.Inspection;
using Notifications.Simulator.SendGrid;
using Notifications.Simulator.Twilio;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddSimulator();

var app = builder.Build();

app.MapTwilioApi();
app.MapHandsetApi();
app.MapMailSendApi();
app.MapInspectionApi();
app.MapDefaultEndpoints();

app.Run();

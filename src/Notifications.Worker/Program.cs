using Notifications.Core.Data;
using Notifications.ServiceDefaults;
using Notifications.Worker;
using Notifications.Worker.Dashboard;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNotificationsDatabase();
builder.AddNotificationsCache();
builder.AddWorkerServices();

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();
app.MapJobsDashboard();
app.MapDefaultEndpoints();

app.Run();

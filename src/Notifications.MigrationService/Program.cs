using Notifications.Core.Data;
using Notifications.MigrationService;
using Notifications.ServiceDefaults;

var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults();
builder.AddNotificationsDatabase();
builder.Services.AddHostedService<DatabaseMigrator>();

builder.Build().Run();

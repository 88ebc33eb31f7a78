using Notifications.Api;
using Notifications.Api.Consent;
using Notifications.Api.Http;
using Notifications.Api.Messages;
using Notifications.Api.OpenApi;
using Notifications.Api.Reporting;
using Notifications.Api.SendGrid;
using Notifications.Api.Twilio;
using Notifications.Api.Webhooks;
using Notifications.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseTrustedForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapMessagesApi();
app.MapMessageConfirmationApi();
app.MapConsentApi();
app.MapConsentRequestsApi();
app.MapReportingApi();
app.MapTwilioWebhooksApi();
app.MapSendGridWebhooksApi();
app.MapApiDocs();
app.MapDefaultEndpoints();

app.Run();

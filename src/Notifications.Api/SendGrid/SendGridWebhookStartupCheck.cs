using Microsoft.Extensions.Options;
using Notifications.Core.SendGrid;

namespace Notifications.Api.SendGrid;

/// <summary>Says at start-up when SendGrid's event webhook accepts unsigned posts outside Development.</summary>
internal sealed partial class SendGridWebhookStartupCheck(
    IOptions<SendGridOptions> sendGrid, IOptions<SendGridWebhookOptions> webhook, IHostEnvironment environment,
    ILogger<SendGridWebhookStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (sendGrid.Value.WebhookPublicKey is null && webhook.Value.AllowUnsignedEvents && !environment.IsDevelopment())
        {
            LogUnsignedAllowed(logger, SendGridOptions.WebhookPublicKeyKey);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(2, LogLevel.Warning,
        "SendGrid:AllowUnsignedEvents is true and {Key} is not set: anyone who can reach the api can post SendGrid events")]
    private static partial void LogUnsignedAllowed(ILogger logger, string key);
}

using Microsoft.Extensions.Options;

namespace Notifications.Client;

/// <summary>Checks <see cref="NotificationsClientOptions"/> (their data annotations, and an absolute base address) at start-up.</summary>
[OptionsValidator]
public sealed partial class NotificationsClientOptionsValidator : IValidateOptions<NotificationsClientOptions>
{
}
